using FbDisplay.Vm.Tests.Harness;

namespace FbDisplay.Vm.Tests;

/// <summary>The tap devices of the broadcast test, without a VM: created with a private /24, deleted, swept.</summary>
[TestFixture]
[NonParallelizable]
public sealed class TapDeviceTests
{
    // Above the largest pid_max Linux allows (2^22): no process can have it, so its device is a leftover.
    private const string DeadRunDevice = TapDevice.NamePrefix + "4194305-1";

    [Test]
    public void A_tap_device_gets_a_private_24_with_its_broadcast_and_is_gone_after_dispose()
    {
        string name;
        string address;
        using (var tap = TapDevice.Create())
        {
            name = tap.Name;
            TapDevice.TryIp($"-4 -o addr show dev {name}", out address);
        }

        Assert.Multiple(() =>
        {
            Assert.That(name, Does.Match($"^{TapDevice.NamePrefix}{Environment.ProcessId}-[0-9]+$"));
            Assert.That(address, Does.Match(@"inet 10\.213\.([0-9]+)\.1/24 brd 10\.213\.\1\.255 "));
            Assert.That(Directory.Exists($"/sys/class/net/{name}"), Is.False, "deleted by Dispose");
        });
    }

    [Test]
    public void A_leftover_of_a_dead_run_is_swept_and_a_device_of_this_run_is_kept()
    {
        Assert.That(TapDevice.TryIp($"tuntap add dev {DeadRunDevice} mode tap", out var output), Is.True, output);
        try
        {
            using var tap = TapDevice.Create(); // sweeps on its way, before it picks its own
            var swept = TapDevice.SweepLeftovers();
            Assert.Multiple(() =>
            {
                Assert.That(Directory.Exists($"/sys/class/net/{DeadRunDevice}"), Is.False, "swept");
                Assert.That(swept, Does.Not.Contain(tap.Name));
                Assert.That(Directory.Exists($"/sys/class/net/{tap.Name}"), Is.True, "this run's device is kept");
            });
        }
        finally
        {
            TapDevice.TryIp($"link del {DeadRunDevice}", out _);
        }
    }
}
