using System.Net.Sockets;
using System.Text;
using FbDisplay.Linux.Systemd;
using FbDisplay.TestSupport;

namespace FbDisplay.Linux.Tests.Systemd;

public class SystemdNotifierTests
{
    [Test]
    public void Ready_stopping_and_watchdog_pings_reach_the_notify_socket_at_half_the_interval()
    {
        using var dir = new TempDirectory();
        string path = dir.File("notify.sock");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(path));
        var time = new ManualTimeProvider();
        using var notifier = new SystemdNotifier(time, path, watchdogUsec: "4000000");

        Assert.That(notifier.IsEnabled, Is.True);
        Assert.That(notifier.WatchdogInterval, Is.EqualTo(TimeSpan.FromSeconds(2)));
        notifier.NotifyReady();
        notifier.Ping();
        notifier.Ping(); // same instant: rate-limited
        time.Advance(TimeSpan.FromSeconds(1));
        notifier.Ping(); // still within the half interval
        time.Advance(TimeSpan.FromSeconds(1));
        notifier.Ping();
        notifier.NotifyStopping();

        var received = new List<string>();
        var buffer = new byte[64];
        systemd.ReceiveTimeout = 1000;
        while (systemd.Available > 0)
        {
            int n = systemd.Receive(buffer);
            received.Add(Encoding.ASCII.GetString(buffer, 0, n));
        }

        Assert.That(received, Is.EqualTo(new[] { "READY=1", "WATCHDOG=1", "WATCHDOG=1", "STOPPING=1" }));
    }

    [Test]
    public void Without_systemd_nothing_is_sent_and_nothing_fails()
    {
        using var notifier = new SystemdNotifier(TimeProvider.System, notifySocket: "", watchdogUsec: "");
        Assert.That(notifier.IsEnabled, Is.False);
        Assert.DoesNotThrow(() =>
        {
            notifier.NotifyReady();
            notifier.Ping();
        });
    }

    [Test]
    public void An_unreachable_notify_socket_is_reported_with_its_path_and_errno()
    {
        using var notifier = new SystemdNotifier(TimeProvider.System, "/nonexistent/notify.sock", "1000000");
        Assert.That(notifier.IsEnabled, Is.False);
        Assert.That(notifier.Problem, Does.Contain("/nonexistent/notify.sock").And.Contain("errno"));
    }
}
