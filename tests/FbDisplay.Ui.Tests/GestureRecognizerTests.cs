using FbDisplay.Core.Input;
using FbDisplay.TestSupport;
using FbDisplay.Ui.Input;

namespace FbDisplay.Ui.Tests;

public class GestureRecognizerTests
{
    private ManualTimeProvider _time = null!;
    private GestureRecognizer _recognizer = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider();
        _recognizer = new GestureRecognizer(_time);
    }

    [Test]
    public void Down_and_up_in_place_quickly_is_a_tap()
    {
        Assert.That(Feed(TouchAction.Down, 100, 100)?.Kind, Is.EqualTo(GestureKind.Down));
        _time.Advance(TimeSpan.FromMilliseconds(120));
        Assert.That(Feed(TouchAction.Move, 104, 97), Is.Null);
        Gesture? up = Feed(TouchAction.Up, 104, 97);

        Assert.That(up?.Kind, Is.EqualTo(GestureKind.Tap));
        Assert.That(up?.StartX, Is.EqualTo(100));
    }

    [Test]
    public void A_tap_that_moved_too_far_is_not_a_tap()
    {
        Feed(TouchAction.Down, 100, 100);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        Gesture? up = Feed(TouchAction.Up, 125, 100);

        Assert.That(up?.Kind, Is.EqualTo(GestureKind.Release));
    }

    [Test]
    public void A_press_held_longer_than_the_tap_time_but_released_before_the_long_press_is_neither()
    {
        Feed(TouchAction.Down, 100, 100);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        Assert.That(_recognizer.Tick(_time.GetTimestamp(), out _), Is.False);
        Gesture? up = Feed(TouchAction.Up, 100, 100);

        Assert.That(up?.Kind, Is.EqualTo(GestureKind.Release));
    }

    [Test]
    public void Holding_still_fires_one_long_press_on_tick_and_the_release_is_not_a_tap()
    {
        Feed(TouchAction.Down, 50, 60);
        _time.Advance(TimeSpan.FromMilliseconds(690));
        Assert.That(_recognizer.Tick(_time.GetTimestamp(), out _), Is.False);

        _time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.That(_recognizer.Tick(_time.GetTimestamp(), out Gesture longPress), Is.True);
        Assert.That(longPress.Kind, Is.EqualTo(GestureKind.LongPress));
        Assert.That((longPress.X, longPress.Y), Is.EqualTo((50, 60)));

        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.That(_recognizer.Tick(_time.GetTimestamp(), out _), Is.False, "fires once");
        Assert.That(Feed(TouchAction.Up, 50, 60)?.Kind, Is.EqualTo(GestureKind.Release));
    }

    [Test]
    public void Moving_past_the_slop_starts_a_drag_that_moves_and_ends()
    {
        Feed(TouchAction.Down, 100, 100);
        Assert.That(Feed(TouchAction.Move, 108, 100), Is.Null, "within slop");
        Assert.That(Feed(TouchAction.Move, 115, 100)?.Kind, Is.EqualTo(GestureKind.DragStart));
        Assert.That(Feed(TouchAction.Move, 140, 102)?.Kind, Is.EqualTo(GestureKind.DragMove));
        Gesture? end = Feed(TouchAction.Up, 150, 102);

        Assert.That(end?.Kind, Is.EqualTo(GestureKind.DragEnd));
        Assert.That((end?.X, end?.StartX), Is.EqualTo((150, 100)));
    }

    [Test]
    public void A_drag_never_becomes_a_long_press()
    {
        Feed(TouchAction.Down, 100, 100);
        Feed(TouchAction.Move, 130, 100);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(_recognizer.Tick(_time.GetTimestamp(), out _), Is.False);
    }

    [Test]
    public void An_up_without_a_down_is_ignored()
    {
        Assert.That(Feed(TouchAction.Up, 1, 1), Is.Null);
        Assert.That(_recognizer.IsTouching, Is.False);
    }

    private Gesture? Feed(TouchAction action, int x, int y) =>
        _recognizer.OnTouch(new TouchEvent(action, x, y, _time.GetTimestamp()), out Gesture g) ? g : null;
}
