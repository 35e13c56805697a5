using FbDisplay.Core.Input;

namespace FbDisplay.Ui.Input;

/// <summary>
/// Screen sleep: after <see cref="After"/> without a touch the backlight goes off; the next touch wakes it and is
/// swallowed whole (down to up), so waking the screen never presses a button. Pure: the caller switches the light.
/// </summary>
public sealed class ScreenSleep(TimeProvider time, TimeSpan after)
{
    private long _lastTouch = time.GetTimestamp();
    private bool _swallowing;

    /// <summary>Zero or negative: never sleep.</summary>
    public TimeSpan After { get; set; } = after;

    public bool IsAsleep { get; private set; }

    /// <summary>Called with true when the screen should light up, false when it should go dark.</summary>
    public Action<bool>? SwitchLight { get; set; }

    /// <summary>Returns true if the touch should reach the screens.</summary>
    public bool OnTouch(in TouchEvent touch)
    {
        _lastTouch = touch.Timestamp;
        if (IsAsleep)
        {
            IsAsleep = false;
            _swallowing = touch.Action != TouchAction.Up;
            SwitchLight?.Invoke(true);
            return false;
        }

        if (_swallowing)
        {
            _swallowing = touch.Action != TouchAction.Up;
            return false;
        }

        return true;
    }

    /// <summary>Lights the screen without a touch (a raised alarm, the hardware button) and restarts the sleep timer.</summary>
    public void Wake(long now)
    {
        _lastTouch = now;
        if (IsAsleep)
        {
            IsAsleep = false;
            SwitchLight?.Invoke(true);
        }
    }

    public void Tick(long now)
    {
        if (!IsAsleep && After > TimeSpan.Zero && !_swallowing && time.GetElapsedTime(_lastTouch, now) >= After)
        {
            IsAsleep = true;
            SwitchLight?.Invoke(false);
        }
    }

    /// <summary>How long until the screen sleeps without a touch, or infinite.</summary>
    public TimeSpan UntilSleep(long now)
    {
        if (IsAsleep || After <= TimeSpan.Zero)
        {
            return Timeout.InfiniteTimeSpan;
        }

        TimeSpan left = After - time.GetElapsedTime(_lastTouch, now);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
