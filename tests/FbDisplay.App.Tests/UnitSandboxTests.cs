using System.Diagnostics;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// The display's systemd unit (image/pi/fbdisplay.service) holds no privilege but the console's: what needs more goes
/// through udisks2, logind and NetworkManager (the polkit rule beside it). systemd's own exposure score guards the
/// sandbox; the appliance VM test (ApplianceBootTests) proves the running unit's capabilities and that the privileged
/// actions still work under it.
/// </summary>
public class UnitSandboxTests
{
    private static string Unit() => Path.Combine(RepositoryRoot.Find(), "image", "pi", "fbdisplay.service");

    private static IEnumerable<string> Values(string key) =>
        File.ReadAllLines(Unit()).Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..].Trim());

    [Test]
    public void The_unit_keeps_only_the_console_capability_and_no_new_privileges()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Values("AmbientCapabilities"), Is.EqualTo(new[] { "CAP_SYS_TTY_CONFIG" }));
            Assert.That(Values("CapabilityBoundingSet"), Is.EqualTo(new[] { "CAP_SYS_TTY_CONFIG" }));
            Assert.That(Values("NoNewPrivileges"), Is.EqualTo(new[] { "yes" }));
            Assert.That(Values("User"), Is.EqualTo(new[] { "fbdisplay" }));
            Assert.That(Values("ProtectSystem"), Is.EqualTo(new[] { "strict" }));
            Assert.That(Values("RestrictAddressFamilies").Single().Split(' '), Is.EquivalentTo(new[] { "AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK", "AF_CAN" }));
            Assert.That(Values("SystemCallFilter"), Does.Contain("@system-service"));
            Assert.That(Values("SystemCallErrorNumber"), Is.EqualTo(new[] { "EPERM" }), "a refused call fails, it does not kill the display");
        });
    }

    [Test]
    public void Systemds_own_exposure_score_is_at_most_2_5()
    {
        // The score before the sandbox (ambient CAP_SYS_ADMIN, NET_ADMIN, SYS_BOOT, no syscall filter) was 6.8 MEDIUM.
        var psi = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "security", "--offline=true", "--threshold=25", "--no-pager", Unit() })
        {
            psi.ArgumentList.Add(a);
        }

        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("systemd-analyze is not installed (Debian package systemd): it scores the unit's sandbox");
            return;
        }

        using (p)
        {
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            p.WaitForExit();
            string score = output.Split('\n').LastOrDefault(l => l.Contains("Overall exposure level", StringComparison.Ordinal)) ?? output;
            TestContext.Out.WriteLine(score.Trim());
            Assert.That(p.ExitCode, Is.Zero, score);
        }
    }
}
