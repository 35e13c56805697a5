using System.Diagnostics;
using System.Threading.Channels;
using FbDisplay.Core.Input;
using FbDisplay.Linux.Input;
using FbDisplay.TestSupport;

namespace FbDisplay.Linux.Tests.Input;

public sealed class EvDevTouchSourceTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly Channel<TouchEvent> _channel = Channel.CreateUnbounded<TouchEvent>();

    [Test]
    public void Touch_none_starts_no_reader()
    {
        using var source = new EvDevTouchSource(new TouchOptions("none"), _channel.Writer, _time);

        Assert.That(source.IsConnected, Is.False);
        Assert.That(source.Attempts, Is.Zero);
        Assert.That(source.LastError, Is.Null);
    }

    [Test]
    public void Auto_with_no_touch_device_reports_the_directory_and_retries_on_the_backoff()
    {
        using var empty = new TempDirectory("input");
        var messages = new List<string>();
        using var source = new EvDevTouchSource(
            new TouchOptions(InputDirectory: empty.Path), _channel.Writer, _time, m => { lock (messages) { messages.Add(m); } });

        Eventually.True(() => source.LastError is not null, "the first scan");
        Assert.That(source.LastError, Does.Contain(empty.Path).And.Contain("no event device"));
        Assert.That(source.Attempts, Is.EqualTo(1), "no retry before the backoff elapses");

        Eventually.True(() => { _time.Advance(TimeSpan.FromSeconds(1)); return source.Attempts >= 2; }, "a retry after the backoff");
        Assert.That(source.IsConnected, Is.False);
    }

    [Test]
    public void A_path_that_is_not_an_event_device_names_the_path_and_errno()
    {
        using var temp = new TempDirectory("input");
        File.WriteAllBytes(temp.File("event0"), new byte[48]);
        using var source = new EvDevTouchSource(new TouchOptions(temp.File("event0")), _channel.Writer, _time);

        Eventually.True(() => source.LastError is not null, "the open attempt");
        Assert.That(source.LastError, Does.StartWith(temp.File("event0") + ": EVIOCGBIT(EV_ABS) failed").And.Contain("errno 25"));
    }

    [Test]
    public void Dispose_is_prompt_while_waiting_for_a_retry()
    {
        using var empty = new TempDirectory("input");
        var source = new EvDevTouchSource(new TouchOptions(InputDirectory: empty.Path), _channel.Writer, _time);
        Eventually.True(() => source.LastError is not null, "the first scan");

        var watch = Stopwatch.StartNew();
        source.Dispose();
        source.Dispose();

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task Events_read_from_the_device_reach_the_channel_and_a_vanished_device_releases_the_touch()
    {
        using var pipe = new EventPipe();
        int finds = 0;
        var source = new EvDevTouchSource(
            new TouchOptions(), _channel.Writer, _time, log: null,
            find: () => Interlocked.Increment(ref finds) == 1
                ? new EvDevDevice(pipe.TakeReadEnd(), "/dev/input/event7", "Test Touch", new TouchAxis(0, 799), new TouchAxis(0, 479))
                : null);
        try
        {
            Eventually.True(() => source.IsConnected, "the device to open");
            Assert.That(source.Device, Is.EqualTo("/dev/input/event7 (Test Touch)"));

            int size = System.Runtime.InteropServices.Marshal.SizeOf<nint>() == 8 ? 24 : 16;
            pipe.Write(new EventStream(size).Abs(EventStream.MtId, 5).Abs(EventStream.MtX, 123).Abs(EventStream.MtY, 45).Syn().ToArray());
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var down = await _channel.Reader.ReadAsync(timeout.Token);
            Assert.That((down.Action, down.X, down.Y), Is.EqualTo((TouchAction.Down, 123, 45)));
            Assert.That(down.Timestamp, Is.EqualTo(_time.GetTimestamp()));

            pipe.CloseWriteEnd(); // the reader sees a hang-up, as when the USB touch controller is unplugged
            var up = await _channel.Reader.ReadAsync(timeout.Token);
            Assert.That((up.Action, up.X, up.Y), Is.EqualTo((TouchAction.Up, 123, 45)));
            Eventually.True(() => !source.IsConnected && source.LastError is not null, "the reader to notice");
            Assert.That(source.LastError, Does.Contain("/dev/input/event7"));

            Eventually.True(() => { _time.Advance(TimeSpan.FromSeconds(1)); return Volatile.Read(ref finds) >= 2; }, "a re-scan");
        }
        finally
        {
            var watch = Stopwatch.StartNew();
            source.Dispose();
            Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)));
        }
    }
}
