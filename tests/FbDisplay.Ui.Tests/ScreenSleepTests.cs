using FbDisplay.Core.Input;
using FbDisplay.TestSupport;
using FbDisplay.Ui.Input;

namespace FbDisplay.Ui.Tests;

public class ScreenSleepTests
{
    [Test]
    public void The_screen_sleeps_after_the_set_time_without_a_touch_and_a_touch_wakes_it_without_being_passed_on()
    {
        var time = new ManualTimeProvider();
        var light = new List<bool>();
        var sleep = new ScreenSleep(time, TimeSpan.FromMinutes(5)) { SwitchLight = light.Add };

        time.Advance(TimeSpan.FromMinutes(4));
        sleep.Tick(time.GetTimestamp());
        Assert.That(sleep.IsAsleep, Is.False);
        Assert.That(sleep.UntilSleep(time.GetTimestamp()), Is.EqualTo(TimeSpan.FromMinutes(1)));

        time.Advance(TimeSpan.FromMinutes(1));
        sleep.Tick(time.GetTimestamp());
        Assert.That(sleep.IsAsleep, Is.True);

        // The waking touch (down, move, up) is swallowed whole; the next one goes through.
        Assert.That(sleep.OnTouch(new TouchEvent(TouchAction.Down, 10, 10, time.GetTimestamp())), Is.False);
        Assert.That(sleep.OnTouch(new TouchEvent(TouchAction.Move, 12, 10, time.GetTimestamp())), Is.False);
        Assert.That(sleep.OnTouch(new TouchEvent(TouchAction.Up, 12, 10, time.GetTimestamp())), Is.False);
        Assert.That(sleep.OnTouch(new TouchEvent(TouchAction.Down, 10, 10, time.GetTimestamp())), Is.True);
        Assert.That(light, Is.EqualTo(new[] { false, true }));
    }

    [Test]
    public void An_alarm_or_the_button_wakes_the_screen_and_the_next_touch_goes_through()
    {
        var time = new ManualTimeProvider();
        var light = new List<bool>();
        var sleep = new ScreenSleep(time, TimeSpan.FromMinutes(1)) { SwitchLight = light.Add };
        time.Advance(TimeSpan.FromMinutes(1));
        sleep.Tick(time.GetTimestamp());
        Assert.That(sleep.IsAsleep, Is.True);

        sleep.Wake(time.GetTimestamp());
        Assert.That(sleep.IsAsleep, Is.False);
        Assert.That(sleep.UntilSleep(time.GetTimestamp()), Is.EqualTo(TimeSpan.FromMinutes(1)), "the sleep timer starts again");
        Assert.That(sleep.OnTouch(new TouchEvent(TouchAction.Down, 10, 10, time.GetTimestamp())), Is.True, "the screen is lit: a touch is a touch");
        sleep.Wake(time.GetTimestamp());
        Assert.That(light, Is.EqualTo(new[] { false, true }), "waking a lit screen switches nothing");
    }

    [Test]
    public void Touches_keep_the_screen_awake_and_zero_means_never_sleep()
    {
        var time = new ManualTimeProvider();
        var sleep = new ScreenSleep(time, TimeSpan.FromMinutes(1));
        for (int i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(50));
            Assert.That(sleep.OnTouch(new TouchEvent(TouchAction.Down, 1, 1, time.GetTimestamp())), Is.True);
            sleep.OnTouch(new TouchEvent(TouchAction.Up, 1, 1, time.GetTimestamp()));
            sleep.Tick(time.GetTimestamp());
        }

        Assert.That(sleep.IsAsleep, Is.False);
        sleep.After = TimeSpan.Zero;
        time.Advance(TimeSpan.FromDays(1));
        sleep.Tick(time.GetTimestamp());
        Assert.That(sleep.IsAsleep, Is.False);
        Assert.That(sleep.UntilSleep(time.GetTimestamp()), Is.EqualTo(Timeout.InfiniteTimeSpan));
    }
}
