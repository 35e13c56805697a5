using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FbDisplay.Services.Update;
using FbDisplay.TestSupport;
using FbDisplay.Vm.Tests.Harness;

namespace FbDisplay.Vm.Tests.InGuest;

/// <summary>
/// UPDATE SOFTWARE end to end in the VM (docs/updates.md): the real app 0.1.0 installed the way install.sh lays it out
/// (a tmpfs at /opt/fbdisplay: releases/0.1.0, current, the guard), supervised like systemd's unit (ExecStartPre guard,
/// Restart=on-failure), operated by touch (gear, the last page, UPDATE SOFTWARE, UPDATE). The update comes from an HTTPS
/// server of this test on 127.0.0.1 (the guest reaches it at 10.0.2.2, with a certificate it trusts through
/// Update:CaFile) or from a FAT disk image labelled BATTERY. Version 0.2.0 is the same app published with Version=0.2.0;
/// the broken 0.3.0 is a signed bundle whose fbdisplay dies before Main, so only the guard can roll it back.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class UpdateInVmTests
{
    private static readonly Lazy<Task<Bundles>> Built = new(BuildBundlesAsync);
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(150);

    /// <summary>The guest command: installs 0.1.0 into /opt/fbdisplay and supervises it as fbdisplay.service does.</summary>
    private static readonly string Supervisor = """
        modprobe -a virtio_blk vfat nls_cp437 nls_iso8859_1 nls_utf8 nls_ascii 2>/dev/null
        # udev's /dev/disk/by-label link, from the FAT label itself.
        for i in 1 2 3 4 5 6 7 8 9 10; do
            dev=$(busybox findfs LABEL=BATTERY 2>/dev/null) && break
            [ -e /sys/block/vda ] || break
            sleep 0.2
        done
        if [ -n "$dev" ]; then mkdir -p /dev/disk/by-label; ln -sf "$dev" /dev/disk/by-label/BATTERY; echo "DRIVE $dev"; fi
        mkdir -p /opt/fbdisplay
        mount -t tmpfs -o size=700m fbd-opt /opt/fbdisplay
        mkdir -p /opt/fbdisplay/releases/0.1.0
        cp -a /app/. /opt/fbdisplay/releases/0.1.0/
        cp /mnt/e2e/update-key.pem /opt/fbdisplay/releases/0.1.0/
        ln -s releases/0.1.0 /opt/fbdisplay/current
        cp /mnt/e2e/fbdisplay-guard.sh /opt/fbdisplay/fbdisplay-guard.sh
        echo "INSTALLED-0.1.0 $(cut -d' ' -f1 /proc/uptime)"
        """ + AppInVm.Supervise("/opt/fbdisplay/current/fbdisplay", "$(readlink /opt/fbdisplay/current)", "sh /opt/fbdisplay/fbdisplay-guard.sh /opt/fbdisplay") + """
        supervise "$@" &
        while read -r cmd arg; do
            case "$cmd" in
                ls) echo "RELEASES $(ls /opt/fbdisplay/releases | tr '\n' ' ')CURRENT $(readlink /opt/fbdisplay/current)" ;;
                quit) break ;;
                *) echo "UNKNOWN-COMMAND $cmd" ;;
            esac
        done
        """;

    [Test]
    public async Task An_update_from_the_https_feed_is_installed_and_a_broken_one_is_rolled_back()
    {
        Bundles b = await Built.Value;
        await using HttpsFileServer server = await HttpsFileServer.StartAsync(IPAddress.Loopback, IPAddress.Parse("10.0.2.2"), IPAddress.Loopback);
        server.Files["fbdisplay-0.2.0-linux-x64.fbu"] = File.ReadAllBytes(b.Good);
        server.Files["fbdisplay-0.3.0-linux-x64.fbu"] = File.ReadAllBytes(b.Broken);
        server.Files["latest.json"] = Feed("0.2.0", server.Files["fbdisplay-0.2.0-linux-x64.fbu"]);
        using var payload = Payload(b, server.CertificatePem);
        string feed = $"https://10.0.2.2:{server.Port}/latest.json";
        await using VmInstance vm = await BootAsync(payload, drive: null, $"--Update:FeedUrl={feed}", "--Update:CaFile=/mnt/e2e/ca.pem");

        await vm.WaitForLineAsync(l => l.Contains("fbdisplay 0.1.0 starting", StringComparison.Ordinal), Slow);
        await vm.WaitForLineAsync(l => l.Contains("Web server on", StringComparison.Ordinal), Slow);
        var sw = Stopwatch.StartNew();
        int from = await PressUpdateSoftwareAsync(vm);
        string installed = await vm.WaitForLineAsync(l => l.Contains("UPDATE SOFTWARE: Installed", StringComparison.Ordinal), Slow, from);
        TimeSpan install = sw.Elapsed;
        await vm.WaitForLineAsync(l => l.StartsWith("APP-EXITED 75", StringComparison.Ordinal), Slow, from);
        await vm.WaitForLineAsync(l => l.StartsWith("APP-STARTED 2 releases/0.2.0", StringComparison.Ordinal), Slow, from);
        await vm.WaitForLineAsync(l => l.Contains("fbdisplay 0.2.0 starting", StringComparison.Ordinal), Slow, from);
        TimeSpan running = sw.Elapsed;
        await vm.WaitForLineAsync(l => l.Contains("Updated from 0.1.0 to 0.2.0.", StringComparison.Ordinal), Slow, from);
        await vm.WaitForLineAsync(l => l.Contains("Web server on", StringComparison.Ordinal), Slow, from);
        TestContext.Progress.WriteLine($"feed update in the VM: tap to installed {install.TotalSeconds:0.0} s, to 0.2.0 running {running.TotalSeconds:0.0} s, healthy {sw.Elapsed.TotalSeconds:0.0} s");
        Assert.That(server.Requests, Does.Contain("fbdisplay-0.2.0-linux-x64.fbu"));
        Assert.That(installed, Does.Contain("Installed 0.2.0; restarting."));

        // A broken 0.3.0: signed and installed, but its fbdisplay dies before Main. The guard rolls it back.
        server.Files["latest.json"] = Feed("0.3.0", server.Files["fbdisplay-0.3.0-linux-x64.fbu"]);
        sw.Restart();
        from = await PressUpdateSoftwareAsync(vm);
        await vm.WaitForLineAsync(l => l.Contains("UPDATE SOFTWARE: Installed", StringComparison.Ordinal), Slow, from);
        await vm.WaitForLineAsync(l => l.Contains("releases/0.3.0", StringComparison.Ordinal), Slow, from);
        string guard = await vm.WaitForLineAsync(l => l.Contains("fbdisplay-guard:", StringComparison.Ordinal), Slow, from);
        Assert.That(guard, Does.EndWith("fbdisplay-guard: Update to 0.3.0 failed (it did not come up in 5 starts); rolled back to 0.2.0."));
        await vm.WaitForLineAsync(l => l.Contains("fbdisplay 0.2.0 starting", StringComparison.Ordinal), Slow, from);
        string shown = await vm.WaitForLineAsync(l => l.Contains("Update to 0.3.0 failed", StringComparison.Ordinal) && !l.Contains("fbdisplay-guard", StringComparison.Ordinal), Slow, from);
        TestContext.Progress.WriteLine($"broken update: tap to rolled back and 0.2.0 running again {sw.Elapsed.TotalSeconds:0.0} s");
        Assert.That(shown, Does.Contain("rolled back to 0.2.0"), "the old version says so at start (About and the log)");
        Assert.That(vm.SerialLines.Count(l => l.Contains("BROKEN-RELEASE", StringComparison.Ordinal)), Is.EqualTo(5));

        await vm.WriteLineAsync("ls");
        string ls = await vm.WaitForLineAsync(l => l.StartsWith("RELEASES", StringComparison.Ordinal), TimeSpan.FromSeconds(20), from);
        Assert.That(ls, Does.Contain("CURRENT releases/0.2.0"));
        AttachTranscript(vm);
        await vm.WriteLineAsync("quit");
    }

    [Test]
    public async Task An_update_on_a_FAT_drive_labelled_BATTERY_is_installed()
    {
        Bundles b = await Built.Value;
        using var payload = Payload(b, caPem: null);
        string image = Path.Combine(payload.Path, "battery.img");
        await MakeFatImageAsync(image, b.Good);
        await using VmInstance vm = await BootAsync(payload, image);
        await vm.WaitForLineAsync(l => l.StartsWith("DRIVE /dev/vda", StringComparison.Ordinal), Slow);
        await vm.WaitForLineAsync(l => l.Contains("fbdisplay 0.1.0 starting", StringComparison.Ordinal), Slow);
        await vm.WaitForLineAsync(l => l.Contains("Web server on", StringComparison.Ordinal), Slow);
        var sw = Stopwatch.StartNew();
        int from = await PressUpdateSoftwareAsync(vm);
        string installed = await vm.WaitForLineAsync(l => l.Contains("UPDATE SOFTWARE: Installed", StringComparison.Ordinal), Slow, from);
        TimeSpan install = sw.Elapsed;
        await vm.WaitForLineAsync(l => l.Contains("fbdisplay 0.2.0 starting", StringComparison.Ordinal), Slow, from);
        TestContext.Progress.WriteLine($"BATTERY drive update in the VM: tap to installed {install.TotalSeconds:0.0} s, to 0.2.0 running {sw.Elapsed.TotalSeconds:0.0} s");
        Assert.That(installed, Does.Contain("Installed 0.2.0; restarting."));
        AttachTranscript(vm);
        await vm.WriteLineAsync("quit");
    }

    private sealed record Bundles(string Good, string Broken, string PublicKeyPem, string Directory);

    private static byte[] Feed(string version, byte[] bundle) => Encoding.UTF8.GetBytes(
        $$"""{ "version": "{{version}}", "bundles": { "linux-x64": { "url": "fbdisplay-{{version}}-linux-x64.fbu", "size": {{bundle.Length}}, "sha256": "{{Convert.ToHexStringLower(SHA256.HashData(bundle))}}" } } }""");

    private static GuestPayload Payload(Bundles b, string? caPem)
    {
        var payload = new GuestPayload();
        payload.AddFile("update-key.pem", Encoding.ASCII.GetBytes(b.PublicKeyPem));
        payload.AddFile("fbdisplay-guard.sh", File.ReadAllBytes(Path.Combine(VmImage.RepoRoot, "image", "pi", "fbdisplay-guard.sh")));
        if (caPem is not null)
        {
            payload.AddFile("ca.pem", Encoding.ASCII.GetBytes(caPem));
        }

        payload.AddScript("update-ctl.sh", Supervisor);
        return payload;
    }

    private static async Task<VmInstance> BootAsync(GuestPayload payload, string? drive, params string[] extra)
    {
        await VmImage.EnsureBuiltAsync();
        string app = await AppInVm.PublishAsync();
        return await VmInstance.StartAsync(new VmOptions
        {
            AppDirectory = app,
            Shares = [new VmShare("e2e", payload.Path, ReadOnly: true)],
            Command = "/mnt/e2e/update-ctl.sh",
            Arguments = [.. AppInVm.AppArguments, "--Update:HealthSeconds=5", .. extra],
            Environment = AppInVm.ApplianceEnvironment,
            Drives = drive is null ? [] : [drive],
            MemoryMegabytes = 1536,
            ReadyTimeout = TimeSpan.FromSeconds(120),
        });
    }

    /// <summary>The user's path: gear, back one page (wraps to the last page, SYSTEM), UPDATE SOFTWARE, then UPDATE in the dialog. Returns the serial line count before the last tap.</summary>
    private static async Task<int> PressUpdateSoftwareAsync(VmInstance vm)
    {
        await TapAndWaitAsync(vm, 772, 28, "the settings");
        await TapAndWaitAsync(vm, 668, 34, "the system page");
        await TapAndWaitAsync(vm, 204, 232, "the confirm dialog");
        int from = vm.SerialLines.Count;
        await vm.TapAsync(532, 322);
        return from;
    }

    private static async Task TapAndWaitAsync(VmInstance vm, int x, int y, string what)
    {
        PpmImage before = await vm.ScreenshotAsync();
        await vm.TapAsync(x, y);
        try
        {
            await vm.WaitForScreenAsync(s => s.CountDifferences(before, 0, 60, 800, 420) > 2000, TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"the tap at ({x},{y}) did not open {what}", e);
        }
    }

    private static async Task MakeFatImageAsync(string image, string bundle)
    {
        long kib = (new FileInfo(bundle).Length / 1024) + 16 * 1024;
        await RunAsync("mkfs.vfat", "-C", "-n", "BATTERY", image, kib.ToString(CultureInfo.InvariantCulture));
        await RunAsync("mcopy", "-i", image, bundle, "::/" + Path.GetFileName(bundle));
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        string output = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {output}");
        }
    }

    private static void AttachTranscript(VmInstance vm)
    {
        string path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{TestContext.CurrentContext.Test.Name}-serial.txt");
        File.WriteAllText(path, vm.Transcript);
        TestContext.AddTestAttachment(path);
    }

    /// <summary>Publishes the app again as 0.2.0 (own artifacts path, so the 0.1.0 build is untouched), signs it and a broken 0.3.0 with a key of this run.</summary>
    private static async Task<Bundles> BuildBundlesAsync()
    {
        await AppInVm.PublishAsync(); // first, and not at the same time: the two publishes share the restore
        string dir = Path.Combine(VmImage.ScriptDirectory, "build", "update-e2e");
        string app = Path.Combine(dir, "publish-0.2.0");
        var sw = Stopwatch.StartNew();
        await VmImage.RunDotnetAsync(
            ["publish", Path.Combine(VmImage.RepoRoot, "src/FbDisplay.App/FbDisplay.App.csproj"), "-c", "Release", "-r", "linux-x64", "--self-contained",
                "-p:InvariantGlobalization=true", "-p:Version=0.2.0", "--artifacts-path", Path.Combine(dir, "artifacts"), "-o", app,
                "--disable-build-servers", "-nologo"]);
        TimeSpan publish = sw.Elapsed;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string pem = key.ExportSubjectPublicKeyInfoPem();
        File.WriteAllText(Path.Combine(app, UpdateService.PublicKeyFileName), pem);
        sw.Restart();
        string good = Path.Combine(dir, "fbdisplay-0.2.0-linux-x64.fbu");
        UpdateBundleWriter.Write(app, "0.2.0", "linux-x64", 1, key.ExportECPrivateKeyPem(), good);
        TimeSpan write = sw.Elapsed;

        string brokenApp = Path.Combine(dir, "publish-0.3.0-broken");
        Directory.CreateDirectory(brokenApp);
        string exe = Path.Combine(brokenApp, "fbdisplay");
        File.WriteAllText(exe, "#!/bin/sh\necho BROKEN-RELEASE 0.3.0 >&2\nexit 1\n");
        File.SetUnixFileMode(exe, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(brokenApp, UpdateService.PublicKeyFileName), pem);
        string broken = Path.Combine(dir, "fbdisplay-0.3.0-linux-x64.fbu");
        UpdateBundleWriter.Write(brokenApp, "0.3.0", "linux-x64", 1, key.ExportECPrivateKeyPem(), broken);
        TestContext.Progress.WriteLine($"update bundles: publish 0.2.0 {publish.TotalSeconds:0} s, sign and pack {new FileInfo(good).Length / 1048576.0:0.0} MiB {write.TotalSeconds:0.0} s");
        return new Bundles(good, broken, pem, dir);
    }
}
