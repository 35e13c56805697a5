using System.Diagnostics;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Linux.Can;
using FbDisplay.TestSupport;

namespace FbDisplay.Linux.Tests.Can;

public sealed class SocketCanTests
{
    private const string MissingInterface = "fbdtest-nocan";

    private readonly ManualTimeProvider _time = new();
    private readonly FrameCounters _counters = new();

    [Test]
    public void A_missing_interface_or_kernel_without_CAN_is_reported_with_interface_and_errno()
    {
        var channel = FrameChannel.Create(_counters);
        using var source = new SocketCanSource(MissingInterface, channel.Writer, _counters, _time);

        Eventually.True(() => source.LastError is not null, "the first open attempt");
        TestContext.Out.WriteLine(source.LastError);

        // Here socket(AF_CAN) fails with errno 97; on a kernel with CAN, SIOCGIFINDEX fails with errno 19.
        Assert.That(source.LastError, Does.StartWith(MissingInterface + ": ").And.Match(@"failed: .+ \(errno (97|19)\)$"));
        Assert.That(source.IsConnected, Is.False);
        Assert.That(_counters.Received, Is.Zero);
    }

    [Test]
    public void The_source_retries_after_the_backoff_and_not_before()
    {
        var channel = FrameChannel.Create(_counters);
        var messages = new List<string>();
        using var source = new SocketCanSource(
            MissingInterface, channel.Writer, _counters, _time, m => { lock (messages) { messages.Add(m); } });
        Eventually.True(() => source.LastError is not null, "the first open attempt");
        Assert.That(source.Attempts, Is.EqualTo(1));

        Eventually.True(() => { _time.Advance(TimeSpan.FromSeconds(1)); return source.Attempts >= 2; }, "the retry");

        lock (messages)
        {
            Assert.That(messages, Has.All.Contain(MissingInterface).And.All.EndWith("Retrying."));
        }
    }

    [Test]
    public void Dispose_is_prompt_and_idempotent()
    {
        var channel = FrameChannel.Create(_counters);
        var source = new SocketCanSource(MissingInterface, channel.Writer, _counters, _time);
        Eventually.True(() => source.LastError is not null, "the first open attempt");

        var watch = Stopwatch.StartNew();
        source.Dispose();
        source.Dispose();

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public void The_sender_fails_naming_the_interface_and_errno()
    {
        var error = Assert.Throws<LinuxIoException>(() => SocketCanSender.Open(MissingInterface));

        Assert.That(error!.Message, Does.StartWith(MissingInterface + ": ").And.Contain("errno"));
        Assert.That(error.Errno, Is.EqualTo(97).Or.EqualTo(19));
        Assert.That(error.DevicePath, Is.EqualTo(MissingInterface));
    }

    [Test]
    public void An_interface_name_longer_than_IFNAMSIZ_is_refused() =>
        Assert.That(() => SocketCanSender.Open("a-very-long-can-name"), Throws.ArgumentException);

    /// <summary>Runs for real in the project's VM, where vcan0 exists (modules can, can_raw, vcan).</summary>
    [Test]
    [Category("Vcan")]
    public async Task Frames_sent_on_vcan0_arrive_filtered_and_counted()
    {
        SocketCanSender sender;
        try
        {
            sender = SocketCanSender.Open("vcan0");
        }
        catch (LinuxIoException e)
        {
            Assert.Ignore($"Needs a vcan0 interface (run in the VM image: ip link add dev vcan0 type vcan): {e.Message}");
            return;
        }

        using (sender)
        {
            var channel = FrameChannel.Create(_counters);
            using var source = new SocketCanSource("vcan0", channel.Writer, _counters, _time);
            Eventually.True(() => source.IsConnected, "the source to bind");

            sender.Send(CanFrame.Create(0x123, [1, 2, 3])); // not a battery id: the kernel filter drops it
            sender.Send(new CanFrame { Id = BatteryMessageIds.Soc, IsExtended = true, Length = 1 }); // extended: dropped
            sender.Send(CanFrame.Create(BatteryMessageIds.Soc, [0x64, 0, 0, 0, 0, 0, 0, 0]));

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var received = await channel.Reader.ReadAsync(timeout.Token);
            Assert.That(received.Frame.Id, Is.EqualTo(BatteryMessageIds.Soc));
            Assert.That(received.Frame.Payload[0], Is.EqualTo(0x64));
            Assert.That(received.Transport, Is.EqualTo(FrameTransport.SocketCan));
            Assert.That(_counters.Received, Is.EqualTo(1));
        }
    }
}

/// <summary>The inverter link's transmit-only socket.</summary>
public sealed class SocketCanTransmitterTests
{
    [Test]
    public void A_missing_interface_answers_its_errno_and_logs_the_interface()
    {
        var log = new List<string>();
        using var transmitter = new SocketCanTransmitter("fbdtest-nocan", log.Add);
        Assert.That(transmitter.TryOpen(), Is.EqualTo(97).Or.EqualTo(19), "EAFNOSUPPORT without CAN in the kernel, else ENODEV");
        Assert.That(log, Has.Count.EqualTo(1));
        Assert.That(log[0], Does.StartWith("fbdtest-nocan: ").And.Contain("errno"));
        Assert.That(transmitter.TrySend(CanFrame.Create(0x351, [1])), Is.EqualTo(100), "ENETDOWN while not open: no write is tried");
    }

    /// <summary>Runs for real in the project's VM, where vcan0 exists.</summary>
    [Test]
    [Category("Vcan")]
    public async Task Frames_sent_reach_another_socket_on_vcan0()
    {
        using var transmitter = new SocketCanTransmitter("vcan0");
        int errno = transmitter.TryOpen();
        if (errno != 0)
        {
            Assert.Ignore($"Needs a vcan0 interface (run in the VM image), errno {errno}");
        }

        var counters = new FrameCounters();
        var channel = FrameChannel.Create(counters);
        using var source = new SocketCanSource("vcan0", channel.Writer, counters, new ManualTimeProvider());
        Eventually.True(() => source.IsConnected, "the source to bind");
        Assert.That(transmitter.TrySend(CanFrame.Create(0x355, [0x4D, 0, 0x64, 0])), Is.Zero);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var received = await channel.Reader.ReadAsync(timeout.Token);
        Assert.That(received.Frame.Id, Is.EqualTo(0x355u), "loopback to other local sockets stays on (candump sees the frames)");
    }
}
