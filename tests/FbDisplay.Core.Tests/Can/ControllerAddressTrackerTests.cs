using System.Buffers.Binary;
using System.Net;
using FbDisplay.Core.Can;
using FbDisplay.TestSupport;

namespace FbDisplay.Core.Tests.Can;

public class ControllerAddressTrackerTests
{
    private static readonly uint Controller = Ip("192.168.1.20");
    private static readonly uint Stranger = Ip("192.168.1.66");

    private static uint Ip(string text) => BinaryPrimitives.ReadUInt32LittleEndian(IPAddress.Parse(text).GetAddressBytes());

    /// <summary>Advances the clock in steps of <paramref name="every"/> for <paramref name="span"/>, a frame from <paramref name="source"/> at each step.</summary>
    private static bool Send(ControllerAddressTracker t, ManualTimeProvider time, uint source, TimeSpan span, TimeSpan every)
    {
        bool moved = false;
        for (TimeSpan s = TimeSpan.Zero; s < span; s += every)
        {
            time.Advance(every);
            moved |= t.Observe(source, time.GetTimestamp());
        }

        return moved;
    }

    [Test]
    public void The_first_source_of_valid_frames_is_the_controller()
    {
        var time = new ManualTimeProvider();
        var t = new ControllerAddressTracker(time);
        Assert.That(t.Address, Is.Zero);
        Assert.That(t.Observe(Controller, time.GetTimestamp()), Is.False, "learning the first one is not a change");
        Assert.That(t.Address, Is.EqualTo(Controller));
        Assert.That(t.Changes, Is.Zero);
    }

    [Test]
    public void One_frame_from_another_host_never_moves_the_controller()
    {
        var time = new ManualTimeProvider();
        var t = new ControllerAddressTracker(time);
        t.Observe(Controller, time.GetTimestamp());
        time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.That(t.Observe(Stranger, time.GetTimestamp()), Is.False);
        Assert.That(t.Address, Is.EqualTo(Controller));

        // Even long after the controller fell silent, one frame is not five seconds of frames.
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.That(t.Observe(Stranger, time.GetTimestamp()), Is.False);
        Assert.That(t.Address, Is.EqualTo(Controller));
    }

    [Test]
    public void Another_host_sending_beside_a_talking_controller_never_takes_its_place()
    {
        var time = new ManualTimeProvider();
        var t = new ControllerAddressTracker(time);
        for (int i = 0; i < 600; i++)
        {
            t.Observe(Controller, time.GetTimestamp());
            time.Advance(TimeSpan.FromMilliseconds(500));
            Assert.That(t.Observe(Stranger, time.GetTimestamp()), Is.False);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        Assert.That(t.Address, Is.EqualTo(Controller));
    }

    [Test]
    public void A_new_source_takes_over_after_ten_seconds_of_silence_and_five_of_its_own_frames()
    {
        var time = new ManualTimeProvider();
        var t = new ControllerAddressTracker(time);
        t.Observe(Controller, time.GetTimestamp());

        // The controller stops; a new one starts at once and sends every 500 ms: the move waits for 10 s of silence.
        Assert.That(Send(t, time, Stranger, TimeSpan.FromSeconds(9.5), TimeSpan.FromMilliseconds(500)), Is.False);
        Assert.That(t.Address, Is.EqualTo(Controller), "9.5 s of silence");
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.That(t.Observe(Stranger, time.GetTimestamp()), Is.True, "10 s of silence, 10 s of new frames");
        Assert.That(t.Address, Is.EqualTo(Stranger));
        Assert.That(t.Previous, Is.EqualTo(Controller));
        Assert.That(t.Changes, Is.EqualTo(1));
    }

    [Test]
    public void After_a_long_silence_the_new_source_still_needs_five_seconds_of_frames()
    {
        var time = new ManualTimeProvider();
        var t = new ControllerAddressTracker(time);
        t.Observe(Controller, time.GetTimestamp());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.That(t.Observe(Stranger, time.GetTimestamp()), Is.False, "the first frame");
        Assert.That(Send(t, time, Stranger, TimeSpan.FromSeconds(4.5), TimeSpan.FromMilliseconds(500)), Is.False);
        Assert.That(t.Address, Is.EqualTo(Controller), "4.5 s of frames after the first");
        Assert.That(Send(t, time, Stranger, TimeSpan.FromSeconds(0.5), TimeSpan.FromMilliseconds(500)), Is.True);
        Assert.That(t.Address, Is.EqualTo(Stranger));
    }

    [Test]
    public void Frames_with_gaps_longer_than_two_seconds_start_the_five_seconds_again()
    {
        var time = new ManualTimeProvider();
        var t = new ControllerAddressTracker(time);
        t.Observe(Controller, time.GetTimestamp());
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.That(Send(t, time, Stranger, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(3)), Is.False, "one frame every 3 s is never 5 s of frames");
        Assert.That(t.Address, Is.EqualTo(Controller));
    }

    [Test]
    public void The_old_controller_coming_back_stops_a_move_in_progress()
    {
        var time = new ManualTimeProvider();
        var t = new ControllerAddressTracker(time);
        t.Observe(Controller, time.GetTimestamp());
        Assert.That(Send(t, time, Stranger, TimeSpan.FromSeconds(9), TimeSpan.FromMilliseconds(500)), Is.False);
        t.Observe(Controller, time.GetTimestamp());
        Assert.That(Send(t, time, Stranger, TimeSpan.FromSeconds(9), TimeSpan.FromMilliseconds(500)), Is.False);
        Assert.That(t.Address, Is.EqualTo(Controller));
    }
}
