using System.Security.Cryptography;
using FbDisplay.Services.Update;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Update;

/// <summary>
/// An install root laid out as install.sh does (releases/0.1.0, current -> releases/0.1.0), a signing key of the test's
/// own, and fake published apps to bundle.
/// </summary>
internal sealed class UpdateKit : IDisposable
{
    public const string Rid = "linux-x64";

    public UpdateKit(string running = "0.1.0")
    {
        Dir = new TempDirectory("fbd-update");
        Key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Layout = new ReleaseLayout(Dir.File("opt"));
        string release = Layout.ReleaseDirectory(running);
        WriteApp(release, running);
        File.CreateSymbolicLink(Layout.Current, "releases/" + running);
        Running = running;
    }

    public TempDirectory Dir { get; }

    public ECDsa Key { get; }

    public ReleaseLayout Layout { get; }

    public string Running { get; }

    public string PublicPem => Key.ExportSubjectPublicKeyInfoPem();

    public string PrivatePem => Key.ExportECPrivateKeyPem();

    /// <summary>A fake publish directory: an executable, a library, a nested file.</summary>
    public static void WriteApp(string dir, string version, int extraBytes = 0)
    {
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "fbdisplay"), $"#!/bin/sh\necho fbdisplay {version}\n");
        File.SetUnixFileMode(Path.Combine(dir, "fbdisplay"), (UnixFileMode)0b111_101_101);
        File.WriteAllBytes(Path.Combine(dir, "libthing.so"), Enumerable.Range(0, 5000 + extraBytes).Select(i => (byte)(i * 7 + version.Length)).ToArray());
        File.WriteAllText(Path.Combine(dir, "sub", "data.json"), $"{{\"version\":\"{version}\"}}");
    }

    /// <summary>A signed bundle of a fresh fake app of <paramref name="version"/>.</summary>
    public string Bundle(string version, string rid = Rid, int extraBytes = 0, ECDsa? signer = null)
    {
        string app = Dir.File($"app-{version}-{Guid.NewGuid():N}");
        WriteApp(app, version, extraBytes);
        string output = Dir.File($"fbdisplay-{version}-{rid}.fbu");
        UpdateBundleWriter.Write(app, version, rid, 1, (signer ?? Key).ExportECPrivateKeyPem(), output);
        return output;
    }

    public UpdateInstaller Installer(bool force = false, Func<string, long>? freeBytes = null, TimeProvider? time = null) =>
        new(Layout, new UpdateInstallerOptions
        {
            RunningVersion = Running,
            PublicKeyPem = PublicPem,
            Rid = Rid,
            Force = force,
            FreeBytes = freeBytes ?? UpdateInstaller.AvailableBytes,
            Time = time ?? new ManualTimeProvider(),
        });

    public async Task<UpdateResult> InstallAsync(string bundle, bool force = false, Func<string, long>? freeBytes = null, TimeProvider? time = null)
    {
        await using FileStream fs = File.OpenRead(bundle);
        return await Installer(force, freeBytes, time).InstallAsync(fs).ConfigureAwait(false);
    }

    /// <summary>Everything that must not change on a refusal: current's target and every file of the running release.</summary>
    public string Snapshot()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("current -> ").Append(new FileInfo(Layout.Current).LinkTarget).Append('\n');
        foreach (string d in Directory.EnumerateFileSystemEntries(Layout.Releases).Order(StringComparer.Ordinal))
        {
            sb.Append(Path.GetFileName(d)).Append('\n');
        }

        string release = Layout.ReleaseDirectory(Running);
        foreach (string f in Directory.EnumerateFiles(release, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            sb.Append(Path.GetRelativePath(release, f)).Append(' ').Append(File.GetUnixFileMode(f)).Append(' ')
              .Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))).Append('\n');
        }

        sb.Append("pending: ").Append(File.Exists(Layout.PendingFile)).Append('\n');
        return sb.ToString();
    }

    public void Dispose()
    {
        Key.Dispose();
        Dir.Dispose();
    }
}
