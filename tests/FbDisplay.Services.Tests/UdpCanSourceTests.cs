using System.Net;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Services.Udp;
using FbDisplay.Simulator;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests;

public class UdpCanSourceTests
{
    [Test]
    public async Task Every_datagram_is_counted_as_accepted_or_rejected_and_the_controller_address_is_learned()
    {
        var counters = new FrameCounters();
        var channel = FrameChannel.Create(counters);
        int port = FreePort.Udp();
        using var source = new UdpCanSource(port, channel.Writer, counters, TimeProvider.System);
        source.Start();
        using var sender = new UdpFrameSender(IPAddress.Loopback, port);
        sender.Send(BatteryFrameEncoder.Soc(50));
        sender.SendRaw(new byte[23]);
        sender.SendRaw(new byte[100]);
        var bad = new byte[24];
        bad[23] = 12;
        sender.SendRaw(bad);
        sender.Send(BatteryFrameEncoder.Pack(1, 48, 0, 20, 20));

        await Eventually.TrueAsync(() => counters.Received == 5);
        Assert.That(counters.Rejected(FrameRejectReason.WrongDatagramLength), Is.EqualTo(2));
        Assert.That(counters.Rejected(FrameRejectReason.DataLengthOver8), Is.EqualTo(1));
        Assert.That(channel.Reader.Count, Is.EqualTo(2));
        Assert.That(channel.Reader.TryRead(out ReceivedFrame first), Is.True);
        Assert.That(first.Frame.Id, Is.EqualTo(0x650));
        Assert.That(new IPAddress(first.SourceAddress), Is.EqualTo(IPAddress.Loopback));
        Assert.That(source.LastSourceAddress, Is.EqualTo(IPAddress.Loopback));
    }

    [Test]
    public async Task Another_process_bound_to_the_port_is_seen_with_its_owner()
    {
        DebianPackages.Require("python3", "python3");
        var counters = new FrameCounters();
        var channel = FrameChannel.Create(counters, capacity: 4096);
        int port = FreePort.Udp();
        using var source = new UdpCanSource(port, channel.Writer, counters, TimeProvider.System);
        source.Start();
        Assert.That(source.PortSharers(), Is.Empty, "alone on the port");

        // A thief as the issue found it: SO_REUSEADDR on the same port, counting what it receives.
        string script = "import socket,sys\n"
            + "s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\n"
            + "s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)\n"
            + $"s.bind(('',{port}))\n"
            + "print('bound',flush=True)\n"
            + "s.settimeout(3)\nn=0\n"
            + "try:\n  while True:\n    s.recv(64); n+=1\nexcept Exception:\n  pass\n"
            + "print('got',n,flush=True)\n";
        var psi = new System.Diagnostics.ProcessStartInfo("python3", ["-c", script]) { RedirectStandardOutput = true };
        using System.Diagnostics.Process thief = System.Diagnostics.Process.Start(psi)!;
        try
        {
            Assert.That(await thief.StandardOutput.ReadLineAsync(), Is.EqualTo("bound"));
            IReadOnlyList<string> sharers = source.PortSharers();
            Assert.That(sharers, Has.Count.EqualTo(1));
            Assert.That(sharers[0], Does.Contain("python").And.Contain($"pid {thief.Id}").And.Contain($"0.0.0.0:{port}").And.Contain("uid "));

            // What sharing means for unicast: the datagrams go to one socket only, here the thief's.
            using var sender = new UdpFrameSender(IPAddress.Loopback, port);
            for (int i = 0; i < 1000; i++)
            {
                sender.Send(BatteryFrameEncoder.Soc(50));
            }

            string? got = await thief.StandardOutput.ReadLineAsync();
            TestContext.Out.WriteLine($"1000 unicast datagrams with another socket on the port: display counted {counters.Received}, the other socket {got}; seen as: {sharers[0]}");
        }
        finally
        {
            if (!thief.HasExited)
            {
                thief.Kill();
            }
        }

        await thief.WaitForExitAsync();
        Assert.That(source.PortSharers(), Is.Empty, "gone when it ends");
    }

    [Test]
    public async Task A_flood_drops_the_oldest_frames_and_counts_each_drop()
    {
        var counters = new FrameCounters();
        var channel = FrameChannel.Create(counters, capacity: 16);
        int port = FreePort.Udp();
        using var source = new UdpCanSource(port, channel.Writer, counters, TimeProvider.System);
        source.Start();
        using var sender = new UdpFrameSender(IPAddress.Loopback, port);
        for (int i = 0; i < 100; i++)
        {
            sender.Send(BatteryFrameEncoder.Soc(i));
        }

        await Eventually.TrueAsync(() => counters.Received + source.KernelDrops() >= 100);
        Assert.That(channel.Reader.Count, Is.EqualTo(16));
        Assert.That(counters.Dropped + channel.Reader.Count + source.KernelDrops(), Is.EqualTo(100));
        var last = new List<byte>();
        while (channel.Reader.TryRead(out ReceivedFrame f))
        {
            last.Add(f.Frame.Data[0]);
        }

        Assert.That(last[^1], Is.EqualTo(99 * 2), "the newest frame survives");
    }

    [Test]
    public async Task Two_listeners_on_one_host_share_the_port_and_both_hear_a_broadcast()
    {
        var c1 = new FrameCounters();
        var c2 = new FrameCounters();
        var ch1 = FrameChannel.Create(c1);
        var ch2 = FrameChannel.Create(c2);
        int port = FreePort.Udp();
        using var a = new UdpCanSource(port, ch1.Writer, c1, TimeProvider.System);
        using var b = new UdpCanSource(port, ch2.Writer, c2, TimeProvider.System);
        a.Start();
        b.Start();
        using var sender = new UdpFrameSender(IPAddress.Parse("127.255.255.255"), port);
        sender.Send(BatteryFrameEncoder.Soc(50));
        await Eventually.TrueAsync(() => c1.Received == 1 && c2.Received == 1);
        Assert.That(c1.Accepted + c2.Accepted, Is.Zero, "the source only parses; the decoder on the UI thread accepts");
    }

    [Test]
    public async Task A_crash_in_the_reader_is_logged_and_the_reader_restarted()
    {
        var counters = new FrameCounters();
        var channel = FrameChannel.Create(counters);
        int port = FreePort.Udp();
        int calls = 0;
        var log = new List<string>();
        using var source = new UdpCanSource(port, channel.Writer, counters, TimeProvider.System,
            onFrame: () =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new InvalidOperationException("simulated reader bug");
                }
            },
            log: m =>
            {
                lock (log)
                {
                    log.Add(m);
                }
            });
        source.Start();
        using var sender = new UdpFrameSender(IPAddress.Loopback, port);
        sender.Send(BatteryFrameEncoder.Soc(50));
        await Eventually.TrueAsync(() => source.Restarts == 1);
        await Task.Delay(1200);
        sender.Send(BatteryFrameEncoder.Soc(60));
        await Eventually.TrueAsync(() => counters.Received == 2);
        Assert.That(log.Single(), Does.Contain("crashed").And.Contain("simulated reader bug").And.Contain($"port {port}"));
    }

    [Test]
    public void A_port_already_taken_without_sharing_gives_a_message_naming_the_port()
    {
        using var blocker = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        blocker.Bind(new IPEndPoint(IPAddress.Any, 0));
        int port = ((IPEndPoint)blocker.LocalEndPoint!).Port;
        var counters = new FrameCounters();
        Assert.That(
            () => new UdpCanSource(port, FrameChannel.Create(counters).Writer, counters, TimeProvider.System),
            Throws.TypeOf<IOException>().With.Message.Contain($"UDP port {port}").And.Message.Contain("errno"));
    }
}
