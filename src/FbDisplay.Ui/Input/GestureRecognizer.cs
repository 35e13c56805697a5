using FbDisplay.Core.Input;

namespace FbDisplay.Ui.Input;

/// <summary>
/// Turns raw touch events into taps, long presses and drags. Pure: it reads time only from the events' timestamps
/// and from <see cref="Tick(long, out Gesture)"/>, both in <see cref="TimeProvider"/> timestamp units.
/// </summary>
public sealed class GestureRecognizer
{
    private readonly TimeProvider _time;
    private State _state;
    private int _startX;
    private int _startY;
    private int _lastX;
    private int _lastY;
    private long _downAt;

    /// <summary>Creates a recognizer whose timestamps come from <paramref name="time"/>.</summary>
    public GestureRecognizer(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    private enum State : byte
    {
        Idle,
        Pressed,
        Dragging,
        LongPressed,
    }

    /// <summary>How far (pixels, either axis) a finger may wander and still tap or long-press.</summary>
    public int SlopPixels { get; init; } = 10;

    /// <summary>A tap's longest down-to-up time.</summary>
    public TimeSpan TapMaxDuration { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a still finger must stay down to long-press.</summary>
    public TimeSpan LongPressDuration { get; init; } = TimeSpan.FromMilliseconds(700);

    /// <summary>True while a finger is down.</summary>
    public bool IsTouching => _state != State.Idle;

    /// <summary>Feeds one touch event; returns true with the gesture it completes or advances.</summary>
    public bool OnTouch(in TouchEvent touch, out Gesture gesture)
    {
        switch (touch.Action)
        {
            case TouchAction.Down:
                // A down while already down (a lost up) starts over: the old touch is forgotten.
                _state = State.Pressed;
                _startX = _lastX = touch.X;
                _startY = _lastY = touch.Y;
                _downAt = touch.Timestamp;
                gesture = Make(GestureKind.Down, touch);
                return true;

            case TouchAction.Move:
                _lastX = touch.X;
                _lastY = touch.Y;
                if (_state == State.Pressed && Moved(touch.X, touch.Y))
                {
                    _state = State.Dragging;
                    gesture = Make(GestureKind.DragStart, touch);
                    return true;
                }

                if (_state == State.Dragging)
                {
                    gesture = Make(GestureKind.DragMove, touch);
                    return true;
                }

                gesture = default;
                return false;

            case TouchAction.Up:
                State was = _state;
                _state = State.Idle;
                if (was == State.Idle)
                {
                    gesture = default;
                    return false;
                }

                GestureKind kind = was switch
                {
                    State.Dragging => GestureKind.DragEnd,
                    State.Pressed when Moved(touch.X, touch.Y) => GestureKind.Release,
                    State.Pressed when _time.GetElapsedTime(_downAt, touch.Timestamp) < TapMaxDuration => GestureKind.Tap,
                    _ => GestureKind.Release,
                };
                gesture = Make(kind, touch);
                return true;

            default:
                gesture = default;
                return false;
        }
    }

    /// <summary>Call every tick: returns true once when a still finger has been down for <see cref="LongPressDuration"/>.</summary>
    public bool Tick(long timestamp, out Gesture gesture)
    {
        if (_state == State.Pressed && _time.GetElapsedTime(_downAt, timestamp) >= LongPressDuration)
        {
            _state = State.LongPressed;
            gesture = new Gesture(GestureKind.LongPress, _lastX, _lastY, _startX, _startY, timestamp);
            return true;
        }

        gesture = default;
        return false;
    }

    private bool Moved(int x, int y) => Math.Abs(x - _startX) > SlopPixels || Math.Abs(y - _startY) > SlopPixels;

    private Gesture Make(GestureKind kind, in TouchEvent touch) => new(kind, touch.X, touch.Y, _startX, _startY, touch.Timestamp);
}
