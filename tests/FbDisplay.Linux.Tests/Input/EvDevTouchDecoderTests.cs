using FbDisplay.Core.Input;
using FbDisplay.Linux.Input;

namespace FbDisplay.Linux.Tests.Input;

[TestFixture(16)]
[TestFixture(24)]
public sealed class EvDevTouchDecoderTests(int eventSize)
{
    // The Pi touchscreen reports 0..799 x 0..479 on an 800x480 panel: raw equals pixel.
    private static TouchMapper PiMapper() => new(new TouchAxis(0, 799), new TouchAxis(0, 479), 800, 480);

    private EventStream Stream() => new(eventSize);

    private List<TouchEvent> Decode(EvDevTouchDecoder decoder, byte[] bytes, long timestamp = 7)
    {
        var output = new List<TouchEvent>();
        decoder.Decode(bytes, timestamp, output);
        return output;
    }

    private EvDevTouchDecoder Pi() => new(eventSize, PiMapper());

    [Test]
    public void Protocol_B_touch_move_and_lift_give_down_move_up()
    {
        var bytes = Stream()
            .Abs(EventStream.MtSlot, 0).Abs(EventStream.MtId, 12).Abs(EventStream.MtX, 100).Abs(EventStream.MtY, 200)
            .Key(EventStream.BtnTouch, 1).Abs(EventStream.AbsX, 100).Abs(EventStream.AbsY, 200).Syn()
            .Abs(EventStream.MtX, 110).Abs(EventStream.AbsX, 110).Syn()
            .Abs(EventStream.MtId, -1).Key(EventStream.BtnTouch, 0).Syn()
            .ToArray();

        var events = Decode(Pi(), bytes);

        Assert.That(events, Is.EqualTo(new[]
        {
            new TouchEvent(TouchAction.Down, 100, 200, 7),
            new TouchEvent(TouchAction.Move, 110, 200, 7),
            new TouchEvent(TouchAction.Up, 110, 200, 7),
        }));
    }

    [Test]
    public void Protocol_B_ignores_a_second_finger_and_reports_up_when_the_primary_lifts()
    {
        var bytes = Stream()
            .Abs(EventStream.MtId, 1).Abs(EventStream.MtX, 10).Abs(EventStream.MtY, 20).Syn()
            .Abs(EventStream.MtSlot, 1).Abs(EventStream.MtId, 2).Abs(EventStream.MtX, 500).Abs(EventStream.MtY, 400).Syn()
            .Abs(EventStream.MtX, 520).Syn() // second finger moves: nothing
            .Abs(EventStream.MtSlot, 0).Abs(EventStream.MtId, -1).Syn() // primary lifts
            .Abs(EventStream.MtSlot, 1).Abs(EventStream.MtX, 530).Syn() // the remaining finger stays ignored
            .Abs(EventStream.MtId, -1).Syn()
            .ToArray();

        var events = Decode(Pi(), bytes);

        Assert.That(events, Is.EqualTo(new[]
        {
            new TouchEvent(TouchAction.Down, 10, 20, 7),
            new TouchEvent(TouchAction.Up, 10, 20, 7),
        }));
    }

    [Test]
    public void Protocol_B_takes_a_new_contact_as_primary_after_all_lifted()
    {
        var decoder = Pi();
        Decode(decoder, Stream().Abs(EventStream.MtId, 1).Abs(EventStream.MtX, 10).Abs(EventStream.MtY, 20).Syn()
            .Abs(EventStream.MtId, -1).Syn().ToArray());

        var events = Decode(decoder, Stream().Abs(EventStream.MtSlot, 3).Abs(EventStream.MtId, 9)
            .Abs(EventStream.MtX, 700).Abs(EventStream.MtY, 300).Syn().ToArray());

        Assert.That(events, Is.EqualTo(new[] { new TouchEvent(TouchAction.Down, 700, 300, 7) }));
    }

    [Test]
    public void Nothing_is_reported_before_SYN_REPORT()
    {
        var events = Decode(Pi(), Stream().Abs(EventStream.MtId, 1).Abs(EventStream.MtX, 10).Abs(EventStream.MtY, 20).ToArray());

        Assert.That(events, Is.Empty);
    }

    [Test]
    public void Single_touch_BTN_TOUCH_with_ABS_X_and_ABS_Y()
    {
        var mapper = new TouchMapper(new TouchAxis(0, 4095), new TouchAxis(0, 4095), 800, 480);
        var bytes = Stream()
            .Abs(EventStream.AbsX, 0).Abs(EventStream.AbsY, 4095).Key(EventStream.BtnTouch, 1).Syn()
            .Abs(EventStream.AbsX, 4095).Syn()
            .Key(EventStream.BtnTouch, 0).Syn()
            .ToArray();

        var events = Decode(new EvDevTouchDecoder(eventSize, mapper), bytes);

        Assert.That(events, Is.EqualTo(new[]
        {
            new TouchEvent(TouchAction.Down, 0, 479, 7),
            new TouchEvent(TouchAction.Move, 799, 479, 7),
            new TouchEvent(TouchAction.Up, 799, 479, 7),
        }));
    }

    [Test]
    public void Tablet_BTN_LEFT_presses_and_hover_motion_is_ignored()
    {
        // QEMU's virtio tablet: 0..32767 on both axes, BTN_LEFT instead of BTN_TOUCH, motion while not pressed.
        var mapper = new TouchMapper(new TouchAxis(0, 32767), new TouchAxis(0, 32767), 800, 480);
        var bytes = Stream()
            .Abs(EventStream.AbsX, 16384).Abs(EventStream.AbsY, 16384).Syn() // hover
            .Key(EventStream.BtnLeft, 1).Syn()
            .Key(EventStream.BtnLeft, 0).Syn()
            .Abs(EventStream.AbsX, 32767).Syn() // hover again
            .ToArray();

        var events = Decode(new EvDevTouchDecoder(eventSize, mapper), bytes);

        Assert.That(events, Is.EqualTo(new[]
        {
            new TouchEvent(TouchAction.Down, 400, 240, 7),
            new TouchEvent(TouchAction.Up, 400, 240, 7),
        }));
    }

    [Test]
    public void SYN_DROPPED_discards_everything_up_to_the_next_SYN_REPORT()
    {
        var decoder = Pi();
        var bytes = Stream()
            .Abs(EventStream.MtId, 1).Abs(EventStream.MtX, 10).Abs(EventStream.MtY, 20).Syn()
            .Abs(EventStream.MtX, 300) // half a frame, then the kernel's buffer overflowed
            .Dropped()
            .Abs(EventStream.MtX, 400).Abs(EventStream.MtId, -1).Syn() // discarded
            .Abs(EventStream.MtY, 30).Syn()
            .ToArray();

        var events = Decode(decoder, bytes);

        Assert.That(events, Is.EqualTo(new[]
        {
            new TouchEvent(TouchAction.Down, 10, 20, 7),
            new TouchEvent(TouchAction.Move, 10, 30, 7),
        }));
        Assert.That(decoder.ResyncRequested, Is.True);
    }

    [Test]
    public void A_release_lost_in_a_drop_is_reported_when_the_key_state_says_so()
    {
        var decoder = Pi();
        Decode(decoder, Stream().Abs(EventStream.MtId, 1).Abs(EventStream.MtX, 10).Abs(EventStream.MtY, 20).Syn()
            .Dropped().Abs(EventStream.MtId, -1).Syn().ToArray());
        var output = new List<TouchEvent>();

        decoder.ApplyKeyState(touching: false, 9, output);

        Assert.That(output, Is.EqualTo(new[] { new TouchEvent(TouchAction.Up, 10, 20, 9) }));
        Assert.That(decoder.ResyncRequested, Is.False);
        Assert.That(decoder.IsDown, Is.False);
    }

    [Test]
    public void A_new_tracking_id_in_the_primary_slot_releases_the_stale_contact_first()
    {
        var bytes = Stream()
            .Abs(EventStream.MtId, 1).Abs(EventStream.MtX, 10).Abs(EventStream.MtY, 20).Syn()
            .Abs(EventStream.MtId, 2).Abs(EventStream.MtX, 50).Abs(EventStream.MtY, 60).Syn()
            .ToArray();

        var events = Decode(Pi(), bytes);

        Assert.That(events, Is.EqualTo(new[]
        {
            new TouchEvent(TouchAction.Down, 10, 20, 7),
            new TouchEvent(TouchAction.Up, 10, 20, 7),
            new TouchEvent(TouchAction.Down, 50, 60, 7),
        }));
    }

    [Test]
    public void Events_split_across_reads_are_joined()
    {
        var bytes = Stream().Key(EventStream.BtnTouch, 1).Abs(EventStream.AbsX, 5).Abs(EventStream.AbsY, 6).Syn().ToArray();
        var decoder = Pi();
        var output = new List<TouchEvent>();

        foreach (var chunk in bytes.Chunk(5))
        {
            decoder.Decode(chunk, 3, output);
        }

        Assert.That(output, Is.EqualTo(new[] { new TouchEvent(TouchAction.Down, 5, 6, 3) }));
    }

    [Test]
    public void Garbage_and_partial_events_never_throw()
    {
        var random = new Random(42);
        var decoder = Pi();
        var output = new List<TouchEvent>();

        Assert.DoesNotThrow(() =>
        {
            for (int i = 0; i < 2000; i++)
            {
                var junk = new byte[random.Next(0, 3 * eventSize)];
                random.NextBytes(junk);
                decoder.Decode(junk, i, output);
            }
        });
        Assert.That(output.All(e => e.X is >= 0 and < 800 && e.Y is >= 0 and < 480), Is.True, "every coordinate on screen");
    }

    [Test]
    public void Releasing_a_held_contact_reports_up_once()
    {
        var decoder = Pi();
        Decode(decoder, Stream().Key(EventStream.BtnTouch, 1).Abs(EventStream.AbsX, 5).Abs(EventStream.AbsY, 6).Syn().ToArray());
        var output = new List<TouchEvent>();

        decoder.Release(11, output);
        decoder.Release(12, output);

        Assert.That(output, Is.EqualTo(new[] { new TouchEvent(TouchAction.Up, 5, 6, 11) }));
    }

    [Test]
    public void An_event_size_other_than_16_or_24_is_refused() =>
        Assert.That(() => new EvDevTouchDecoder(20, PiMapper()), Throws.TypeOf<ArgumentOutOfRangeException>());
}
