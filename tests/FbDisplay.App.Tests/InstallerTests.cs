using System.Diagnostics;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// The Raspberry Pi installer (image/pi/install.sh) run into a scratch root (FBD_ROOT), so what it writes can be
/// checked here; on a Pi the same script runs against / and calls systemctl.
/// </summary>
public class InstallerTests
{
    private static string RepoRoot() => RepositoryRoot.Find();

    private static string MakeBundle(TempDirectory dir, string version)
    {
        string bundle = dir.File($"bundle-{version}");
        Directory.CreateDirectory(Path.Combine(bundle, "app"));
        File.WriteAllText(Path.Combine(bundle, "app", "fbdisplay"), $"#!/bin/sh\necho {version}\n");
        File.WriteAllText(Path.Combine(bundle, "VERSION"), version);
        File.WriteAllText(Path.Combine(bundle, "ARCH"), "linux-arm64");
        string pi = Path.Combine(RepoRoot(), "image", "pi");
        File.Copy(Path.Combine(pi, "install.sh"), Path.Combine(bundle, "install.sh"));
        File.Copy(Path.Combine(pi, "fbdisplay.service"), Path.Combine(bundle, "fbdisplay.service"));
        File.Copy(Path.Combine(pi, "fbdisplay-polkit.rules"), Path.Combine(bundle, "fbdisplay-polkit.rules"));
        File.Copy(Path.Combine(pi, "fbdisplay-udev.rules"), Path.Combine(bundle, "fbdisplay-udev.rules"));
        return bundle;
    }

    private static (int Code, string Output) Install(string bundle, string root, params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(bundle, "install.sh"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["FBD_ROOT"] = root;
        using Process p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    [Test]
    public void The_installer_puts_the_app_side_by_side_and_switches_current_keeping_the_data()
    {
        using var dir = new TempDirectory();
        string root = dir.File("root");
        string keys = dir.File("keys.pub");
        File.WriteAllText(keys, "ssh-ed25519 AAAATEST test@example\n");

        var first = Install(MakeBundle(dir, "0.1.0"), root, "--authorized-keys", keys);
        Assert.That(first.Code, Is.Zero, first.Output);
        File.WriteAllText(Path.Combine(root, "var/lib/fbdisplay/settings.json"), "{\"Udp\":{\"Port\":\"6501\"}}");

        var second = Install(MakeBundle(dir, "0.2.0"), root, "--authorized-keys", keys);
        Assert.That(second.Code, Is.Zero, second.Output);

        Assert.Multiple(() =>
        {
            Assert.That(new FileInfo(Path.Combine(root, "opt/fbdisplay/current")).LinkTarget, Is.EqualTo("releases/0.2.0"));
            Assert.That(File.ReadAllText(Path.Combine(root, "opt/fbdisplay/releases/0.1.0/fbdisplay")), Does.Contain("0.1.0"), "the previous release stays for rollback");
            Assert.That(File.ReadAllText(Path.Combine(root, "opt/fbdisplay/current/fbdisplay")), Does.Contain("0.2.0"));
            Assert.That(File.ReadAllText(Path.Combine(root, "var/lib/fbdisplay/settings.json")), Does.Contain("6501"), "data survives an update");
            Assert.That(File.Exists(Path.Combine(root, "opt/fbdisplay/current.new")), Is.False);
        });
    }

    [Test]
    public void The_installer_sets_up_a_watched_service_and_key_only_ssh()
    {
        using var dir = new TempDirectory();
        string root = dir.File("root");
        string keys = dir.File("keys.pub");
        File.WriteAllText(keys, "ssh-ed25519 AAAATEST test@example\n");
        var result = Install(MakeBundle(dir, "0.1.0"), root, "--authorized-keys", keys);
        Assert.That(result.Code, Is.Zero, result.Output);

        string unit = File.ReadAllText(Path.Combine(root, "etc/systemd/system/fbdisplay.service"));
        string sshd = File.ReadAllText(Path.Combine(root, "etc/ssh/sshd_config.d/10-fbdisplay.conf"));
        string authorized = Path.Combine(root, "root/.ssh/authorized_keys");
        Assert.Multiple(() =>
        {
            Assert.That(unit, Does.Contain("Type=notify").And.Contain("WatchdogSec=").And.Contain("Restart=on-failure").And.Contain("User=fbdisplay"));
            Assert.That(unit, Does.Contain("Conflicts=getty@tty1.service"));
            Assert.That(sshd, Does.Contain("PasswordAuthentication no"));
            Assert.That(File.ReadAllText(authorized), Does.Contain("AAAATEST"));
            Assert.That(File.GetUnixFileMode(authorized), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.ReadAllText(Path.Combine(root, "etc/systemd/journald.conf.d/10-fbdisplay.conf")), Does.Contain("Storage=volatile"));
            Assert.That(File.ReadAllText(Path.Combine(root, "etc/polkit-1/rules.d/50-fbdisplay.rules")), Does.Contain("org.freedesktop.udisks2.filesystem-mount\"").And.Contain("org.freedesktop.login1.reboot\""));
            Assert.That(File.ReadAllText(Path.Combine(root, "etc/udev/rules.d/61-fbdisplay-battery.rules")), Does.Contain("ENV{ID_FS_LABEL}==\"BATTERY\"").And.Contain("GROUP=\"plugdev\""));
        });
    }

    [Test]
    public void Without_a_key_the_installer_warns_that_ssh_will_refuse_every_login()
    {
        using var dir = new TempDirectory();
        var result = Install(MakeBundle(dir, "0.1.0"), dir.File("root"));
        Assert.That(result.Code, Is.Zero, result.Output);
        Assert.That(result.Output, Does.Contain("WARNING: no SSH key"));
    }
}
