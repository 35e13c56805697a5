using System.Diagnostics;
using FbDisplay.Services.Update;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>What install.sh does for updates (docs/updates.md): the guard, the unit's ExecStartPre, a manual install ending a trial, the same layout the updater keeps.</summary>
public class InstallerUpdateTests
{
    private static string Pi() => RepositoryRoot.Path("image/pi");

    private static string Bundle(TempDirectory dir, string version, bool withKey)
    {
        string bundle = dir.File($"bundle-{version}");
        Directory.CreateDirectory(Path.Combine(bundle, "app"));
        File.WriteAllText(Path.Combine(bundle, "app", "fbdisplay"), $"#!/bin/sh\necho {version}\n");
        if (withKey)
        {
            File.WriteAllText(Path.Combine(bundle, "app", UpdateService.PublicKeyFileName), "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n");
        }

        File.WriteAllText(Path.Combine(bundle, "VERSION"), version);
        File.WriteAllText(Path.Combine(bundle, "ARCH"), "linux-arm64");
        foreach (string f in new[] { "install.sh", "fbdisplay.service", "fbdisplay-guard.sh", "fbdisplay-polkit.rules", "fbdisplay-udev.rules" })
        {
            File.Copy(Path.Combine(Pi(), f), Path.Combine(bundle, f));
        }

        return bundle;
    }

    private static (int Code, string Output) Install(string bundle, string root)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(bundle, "install.sh"));
        psi.Environment["FBD_ROOT"] = root;
        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    [Test]
    public void The_installer_sets_up_the_guard_and_a_manual_install_ends_a_pending_update()
    {
        using var dir = new TempDirectory();
        string root = dir.File("root");
        var first = Install(Bundle(dir, "0.1.0", withKey: true), root);
        Assert.That(first.Code, Is.Zero, first.Output);
        var layout = new ReleaseLayout(Path.Combine(root, "opt/fbdisplay"));
        new PendingUpdate("0.1.0", "0.1.5", TimeProvider.System.GetUtcNow(), 0, 0).Write(layout.PendingFile);

        var second = Install(Bundle(dir, "0.2.0", withKey: true), root);
        Assert.That(second.Code, Is.Zero, second.Output);
        string unit = File.ReadAllText(Path.Combine(root, "etc/systemd/system/fbdisplay.service"));
        Assert.Multiple(() =>
        {
            Assert.That(layout.CurrentVersion(), Is.EqualTo("0.2.0"));
            Assert.That(File.Exists(layout.PendingFile), Is.False, "a manual install ends any trial");
            Assert.That(File.GetUnixFileMode(Path.Combine(layout.Root, "fbdisplay-guard.sh")) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
            Assert.That(unit, Does.Contain("ExecStartPre=-/opt/fbdisplay/fbdisplay-guard.sh /opt/fbdisplay"));
            Assert.That(unit, Does.Contain("StartLimitIntervalSec=0"));
            Assert.That(second.Output, Does.Not.Contain("update-key.pem"));
        });
    }

    [Test]
    public void A_bundle_without_the_update_key_is_installed_with_a_warning()
    {
        using var dir = new TempDirectory();
        var result = Install(Bundle(dir, "0.1.0", withKey: false), dir.File("root"));
        Assert.That(result.Code, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("WARNING: the bundle has no update-key.pem: UPDATE SOFTWARE will refuse every update"));
    }
}
