using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FbDisplay.Services.Update;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Update;

public class UpdateInstallerTests
{
    [Test]
    public async Task A_newer_signed_bundle_is_installed_side_by_side_and_current_switches_to_it()
    {
        using var kit = new UpdateKit();
        string bundle = kit.Bundle("0.2.0");
        var time = new ManualTimeProvider();
        var sw = Stopwatch.StartNew();
        UpdateResult r = await kit.InstallAsync(bundle, time: time);
        TestContext.Progress.WriteLine($"install of a 3-file bundle: {sw.Elapsed.TotalMilliseconds:0} ms");

        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.Installed), r.Message);
        Assert.That(r.Message, Is.EqualTo("Installed 0.2.0; restarting."));
        Assert.That(new FileInfo(kit.Layout.Current).LinkTarget, Is.EqualTo("releases/0.2.0"), "the same relative link install.sh makes");
        string release = kit.Layout.ReleaseDirectory("0.2.0");
        Assert.That(File.ReadAllText(Path.Combine(release, "fbdisplay")), Does.Contain("fbdisplay 0.2.0"));
        Assert.That(File.GetUnixFileMode(Path.Combine(release, "fbdisplay")), Is.EqualTo((UnixFileMode)0b111_101_101), "modes come from the signed manifest");
        Assert.That(File.ReadAllText(Path.Combine(release, "sub", "data.json")), Does.Contain("0.2.0"));
        Assert.That(Directory.Exists(kit.Layout.ReleaseDirectory("0.1.0")), Is.True, "the previous release stays for a rollback");
        Assert.That(Directory.GetDirectories(kit.Layout.Releases).Select(Path.GetFileName), Is.EquivalentTo(new[] { "0.1.0", "0.2.0" }));

        PendingUpdate? pending = PendingUpdate.TryRead(kit.Layout.PendingFile);
        Assert.That(pending, Is.EqualTo(new PendingUpdate("0.1.0", "0.2.0", time.GetUtcNow().AddTicks(-(time.GetUtcNow().Ticks % TimeSpan.TicksPerSecond)), 0, 0)));
    }

    [Test]
    public async Task A_bad_signature_is_refused_and_the_running_version_is_untouched()
    {
        using var kit = new UpdateKit();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string bundle = kit.Bundle("0.2.0", signer: stranger);
        string before = kit.Snapshot();
        UpdateResult r = await kit.InstallAsync(bundle);
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.BadSignature));
        Assert.That(r.Message, Is.EqualTo("The update's signature is not valid for this display's key: refused, nothing was changed."));
        Assert.That(kit.Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_manifest_changed_after_signing_is_refused()
    {
        using var kit = new UpdateKit();
        string app = kit.Dir.File("app");
        UpdateKit.WriteApp(app, "0.2.0");
        UpdateManifest m = UpdateBundleWriter.ManifestOf(app, "0.2.0", UpdateKit.Rid, 1);
        byte[] json = m.ToJsonBytes();
        byte[] sig = UpdateBundleWriter.Sign(json, kit.PrivatePem);
        byte[] edited = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json).Replace("\"0.2.0\"", "\"0.3.0\"", StringComparison.Ordinal));
        string bundle = kit.Dir.File("edited.fbu");
        UpdateBundleWriter.Write(bundle, edited, sig, m.Files.Select(f => (f.Path, Path.Combine(app, f.Path))));
        string before = kit.Snapshot();
        Assert.That((await kit.InstallAsync(bundle)).Outcome, Is.EqualTo(UpdateOutcome.BadSignature));
        Assert.That(kit.Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_file_that_does_not_match_its_signed_hash_is_refused_and_the_partial_release_removed()
    {
        using var kit = new UpdateKit();
        string app = kit.Dir.File("app");
        UpdateKit.WriteApp(app, "0.2.0");
        UpdateManifest m = UpdateBundleWriter.ManifestOf(app, "0.2.0", UpdateKit.Rid, 1);
        byte[] json = m.ToJsonBytes();
        File.AppendAllText(Path.Combine(app, "sub", "data.json"), " "); // tampered after signing
        string bundle = kit.Dir.File("tampered.fbu");
        UpdateBundleWriter.Write(bundle, json, UpdateBundleWriter.Sign(json, kit.PrivatePem), m.Files.Select(f => (f.Path, Path.Combine(app, f.Path))));
        string before = kit.Snapshot();
        UpdateResult r = await kit.InstallAsync(bundle);
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.DamagedFile));
        Assert.That(r.Message, Is.EqualTo("sub/data.json in the update does not match its signed hash (tampered or damaged): refused, nothing was changed."));
        Assert.That(kit.Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_file_the_manifest_does_not_list_is_refused()
    {
        using var kit = new UpdateKit();
        string app = kit.Dir.File("app");
        UpdateKit.WriteApp(app, "0.2.0");
        UpdateManifest m = UpdateBundleWriter.ManifestOf(app, "0.2.0", UpdateKit.Rid, 1);
        byte[] json = m.ToJsonBytes();
        File.WriteAllText(kit.Dir.File("evil"), "#!/bin/sh\n");
        string bundle = kit.Dir.File("extra.fbu");
        UpdateBundleWriter.Write(bundle, json, UpdateBundleWriter.Sign(json, kit.PrivatePem),
            m.Files.Select(f => (f.Path, Path.Combine(app, f.Path))).Append(("evil", kit.Dir.File("evil"))));
        string before = kit.Snapshot();
        UpdateResult r = await kit.InstallAsync(bundle);
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.DamagedFile));
        Assert.That(r.Message, Does.Contain("\"files/evil\", which its signed manifest does not list"));
        Assert.That(kit.Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_bundle_for_another_architecture_is_refused()
    {
        using var kit = new UpdateKit();
        string before = kit.Snapshot();
        UpdateResult r = await kit.InstallAsync(kit.Bundle("0.2.0", rid: "linux-arm64"));
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.WrongArchitecture));
        Assert.That(r.Message, Is.EqualTo("The update 0.2.0 is built for linux-arm64; this display needs linux-x64: refused, nothing was changed."));
        Assert.That(kit.Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task An_older_version_is_refused_unless_forced()
    {
        using var kit = new UpdateKit("0.3.0");
        string bundle = kit.Bundle("0.2.9");
        string before = kit.Snapshot();
        UpdateResult refused = await kit.InstallAsync(bundle);
        Assert.That(refused.Outcome, Is.EqualTo(UpdateOutcome.NotNewer));
        Assert.That(refused.Message, Is.EqualTo("The update 0.2.9 is older than the running 0.3.0: refused (force it with Update:Force), nothing was changed."));
        Assert.That(kit.Snapshot(), Is.EqualTo(before));

        UpdateResult forced = await kit.InstallAsync(bundle, force: true);
        Assert.That(forced.Outcome, Is.EqualTo(UpdateOutcome.Installed), forced.Message);
        Assert.That(kit.Layout.CurrentVersion(), Is.EqualTo("0.2.9"));
    }

    [Test]
    public async Task The_running_version_itself_is_refused_even_when_forced()
    {
        using var kit = new UpdateKit();
        string before = kit.Snapshot();
        UpdateResult r = await kit.InstallAsync(kit.Bundle("0.1.0"), force: true);
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.NotNewer));
        Assert.That(r.Message, Is.EqualTo("Version 0.1.0 is already running: nothing to install."));
        Assert.That(kit.Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_truncated_bundle_is_refused_wherever_it_is_cut()
    {
        using var kit = new UpdateKit();
        byte[] whole = File.ReadAllBytes(kit.Bundle("0.2.0", extraBytes: 200_000));
        string before = kit.Snapshot();
        foreach (double at in new[] { 0.02, 0.3, 0.6, 0.97 })
        {
            string cut = kit.Dir.File($"cut-{at}.fbu");
            File.WriteAllBytes(cut, whole.AsSpan(0, (int)(whole.Length * at)).ToArray());
            UpdateResult r = await kit.InstallAsync(cut);
            Assert.That(r.Outcome, Is.AnyOf(UpdateOutcome.Truncated, UpdateOutcome.BadSignature), $"cut at {at}: {r.Message}");
            if (at > 0.1)
            {
                Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.Truncated), $"cut at {at}: {r.Message}");
                Assert.That(r.Message, Does.StartWith("The update file is truncated"));
            }

            Assert.That(kit.Snapshot(), Is.EqualTo(before), $"cut at {at}");
        }
    }

    [Test]
    public async Task Too_little_free_space_is_refused_before_anything_is_written()
    {
        using var kit = new UpdateKit();
        string before = kit.Snapshot();
        UpdateResult r = await kit.InstallAsync(kit.Bundle("0.2.0"), freeBytes: _ => 10L * 1024 * 1024);
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.DiskFull));
        Assert.That(r.Message, Does.StartWith("Not enough disk space for 0.2.0: it needs 16 MiB, 10 MiB are free."));
        Assert.That(kit.Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_disk_that_fills_up_during_extraction_is_refused_and_cleaned_up()
    {
        // A real full file system: a 2 MiB tmpfs (root only) holding the install root; the free-space probe is told to
        // lie so extraction runs into ENOSPC.
        using var kit = new UpdateKit();
        using var mount = new TempDirectory("fbd-tmpfs");
        if (Environment.UserName != "root")
        {
            Assert.Ignore("mounting a tmpfs needs root");
        }

        (int code, string output) = RunTool("mount", $"-t tmpfs -o size=2m fbd-update-test {mount.Path}");
        Assert.That(code, Is.Zero, output);
        try
        {
            var layout = new ReleaseLayout(Path.Combine(mount.Path, "opt"));
            UpdateKit.WriteApp(layout.ReleaseDirectory("0.1.0"), "0.1.0");
            File.CreateSymbolicLink(layout.Current, "releases/0.1.0");
            string bundle = kit.Bundle("0.2.0", extraBytes: 3 * 1024 * 1024);
            byte[] oldLib = File.ReadAllBytes(Path.Combine(layout.ReleaseDirectory("0.1.0"), "libthing.so"));
            var installer = new UpdateInstaller(layout, new UpdateInstallerOptions
            {
                RunningVersion = "0.1.0", PublicKeyPem = kit.PublicPem, Rid = UpdateKit.Rid, FreeBytes = _ => long.MaxValue / 2,
            });
            UpdateResult lied;
            await using (FileStream fs = File.OpenRead(bundle))
            {
                lied = await installer.InstallAsync(fs);
            }

            Assert.That(lied.Outcome, Is.EqualTo(UpdateOutcome.DiskFull), lied.Message);
            Assert.That(lied.Message, Does.StartWith("The disk is full"));
            Assert.That(layout.CurrentVersion(), Is.EqualTo("0.1.0"));
            Assert.That(Directory.GetDirectories(layout.Releases).Select(Path.GetFileName), Is.EqualTo(new[] { "0.1.0" }), "no partial release left");
            Assert.That(File.ReadAllBytes(Path.Combine(layout.ReleaseDirectory("0.1.0"), "libthing.so")), Is.EqualTo(oldLib));

            var honest = new UpdateInstaller(layout, new UpdateInstallerOptions { RunningVersion = "0.1.0", PublicKeyPem = kit.PublicPem, Rid = UpdateKit.Rid });
            await using (FileStream fs = File.OpenRead(bundle))
            {
                UpdateResult r = await honest.InstallAsync(fs);
                Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.DiskFull), "statvfs of the tmpfs: " + r.Message);
                Assert.That(r.Message, Does.StartWith("Not enough disk space for 0.2.0"));
            }
        }
        finally
        {
            RunTool("umount", mount.Path);
        }
    }

    [Test]
    public async Task A_second_install_is_refused_while_one_holds_the_lock()
    {
        using var kit = new UpdateKit();
        using (new FileStream(kit.Layout.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            UpdateResult r = await kit.InstallAsync(kit.Bundle("0.2.0"));
            Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.Busy));
        }
    }

    [Test]
    public void Versions_order_numerically_and_a_prerelease_before_its_release()
    {
        string[] ordered = ["0.1.0-rc.1", "0.1.0", "0.1.1", "0.2", "0.10.0", "1.0.0+abc"];
        var parsed = ordered.Select(ReleaseVersion.Parse).ToArray();
        for (int i = 1; i < parsed.Length; i++)
        {
            Assert.That(parsed[i - 1].CompareTo(parsed[i]), Is.Negative, $"{ordered[i - 1]} < {ordered[i]}");
        }

        Assert.That(ReleaseVersion.TryParse("0.2.x", out _), Is.False);
        Assert.That(ReleaseVersion.Parse("0.2.0+sha").ToString(), Is.EqualTo("0.2.0"));
    }

    [TestCase("1.0.0+/../../x")]
    [TestCase("1.0.0+a/b")]
    [TestCase("1.0.0-../../x")]
    [TestCase("1.0.0-rc..1")]
    [TestCase("1.0.0+")]
    [TestCase("1.0.0-")]
    [TestCase("1..0")]
    [TestCase(".1.0")]
    [TestCase("1.0.0\0")]
    [TestCase("1.0.0 ")]
    [TestCase("１.0.0")]
    public void A_version_that_is_not_strictly_numbers_prerelease_and_build_is_refused_before_any_path(string version)
    {
        Assert.That(ReleaseVersion.TryParse(version, out _), Is.False, version);
        var layout = new ReleaseLayout("/opt/fbdisplay");
        Assert.That(() => layout.ReleaseDirectory(version), Throws.ArgumentException, version);
    }

    [Test]
    public async Task A_signed_manifest_whose_version_climbs_out_of_releases_is_refused_and_nothing_is_written()
    {
        using var kit = new UpdateKit();
        string app = kit.Dir.File("app");
        UpdateKit.WriteApp(app, "0.2.0");
        UpdateManifest m = UpdateBundleWriter.ManifestOf(app, "0.2.0", UpdateKit.Rid, 1) with { Version = "1.0.0+/../../escaped" };
        byte[] json = m.ToJsonBytes();
        string bundle = kit.Dir.File("climb.fbu");
        UpdateBundleWriter.Write(bundle, json, UpdateBundleWriter.Sign(json, kit.PrivatePem), m.Files.Select(f => (f.Path, Path.Combine(app, f.Path))));
        string before = kit.Snapshot();
        UpdateResult r = await kit.InstallAsync(bundle);
        Assert.That(r.Outcome, Is.EqualTo(UpdateOutcome.Failed), r.Message);
        Assert.That(r.Message, Does.Contain("not a version"));
        Assert.That(kit.Snapshot(), Is.EqualTo(before));
        Assert.That(Directory.EnumerateFileSystemEntries(kit.Dir.Path, "escaped*", SearchOption.AllDirectories), Is.Empty);
    }

    private static (int Code, string Output) RunTool(string file, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
