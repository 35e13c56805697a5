using System.Device.Gpio;

namespace FbDisplay.Linux.Tests.Gpio;

/// <summary>
/// A GPIO chip in memory. Records every mode change and write with the fake clock's time, holds input levels the
/// test sets, and fires registered edge callbacks when the test moves an input.
/// </summary>
internal sealed class FakeGpioDriver(TimeProvider time, int pinCount = 54) : GpioDriver
{
    private readonly Lock _lock = new();
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly Dictionary<int, List<PinChangeEventHandler>> _callbacks = [];
    private readonly List<(TimeSpan At, int Pin, PinValue Value)> _writes = [];
    private readonly DateTimeOffset _start = time.GetUtcNow();

    /// <summary>Pins whose OpenPin throws, as a line already claimed by another program would.</summary>
    public HashSet<int> Broken { get; } = [];

    /// <summary>Pins whose writes throw, as when the line is lost under the program.</summary>
    public HashSet<int> FailWrites { get; } = [];

    /// <summary>The managed thread that made the last write.</summary>
    public int LastWriteThread { get; private set; }

    /// <summary>False: AddCallbackForPinValueChangedEvent throws, as on a driver without edge events.</summary>
    public bool SupportsEdges { get; set; } = true;

    /// <summary>False: pull-up and pull-down modes are not supported.</summary>
    public bool SupportsPulls { get; set; } = true;

    public HashSet<int> Open { get; } = [];

    public HashSet<int> Closed { get; } = [];

    public bool Disposed { get; private set; }

    protected override int PinCount => pinCount;

    public PinMode ModeOf(int pin)
    {
        lock (_lock)
        {
            return _modes[pin];
        }
    }

    /// <summary>The level the pin is at now (an output's last write, an input's set level).</summary>
    public PinValue LevelOf(int pin)
    {
        lock (_lock)
        {
            return _levels.TryGetValue(pin, out var v) ? v : PinValue.Low;
        }
    }

    /// <summary>Every write to <paramref name="pin"/>: time since the driver was made, and the level.</summary>
    public IReadOnlyList<(TimeSpan At, PinValue Value)> WritesTo(int pin)
    {
        lock (_lock)
        {
            return [.. _writes.Where(w => w.Pin == pin).Select(w => (w.At, w.Value))];
        }
    }

    public int CallbackCount(int pin)
    {
        lock (_lock)
        {
            return _callbacks.TryGetValue(pin, out var list) ? list.Count : 0;
        }
    }

    /// <summary>Moves an input to <paramref name="value"/> and, when the level changes, fires its edge callbacks on the caller's thread.</summary>
    public void SetInput(int pin, PinValue value)
    {
        PinChangeEventHandler[] handlers;
        PinEventTypes edge;
        lock (_lock)
        {
            var old = _levels.TryGetValue(pin, out var v) ? v : PinValue.Low;
            _levels[pin] = value;
            if (old == value)
            {
                return;
            }

            edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            handlers = _callbacks.TryGetValue(pin, out var list) ? [.. list] : [];
        }

        foreach (var handler in handlers)
        {
            handler(this, new PinValueChangedEventArgs(edge, pin));
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        lock (_lock)
        {
            if (Broken.Contains(pinNumber))
            {
                throw new IOException($"line {pinNumber} is busy (fake)");
            }

            Open.Add(pinNumber);
        }
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_lock)
        {
            Open.Remove(pinNumber);
            Closed.Add(pinNumber);
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_lock)
        {
            _modes[pinNumber] = mode;
            if (mode == PinMode.InputPullUp && !_levels.ContainsKey(pinNumber))
            {
                _levels[pinNumber] = PinValue.High;
            }
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode, PinValue initialValue)
    {
        SetPinMode(pinNumber, mode);
        if (mode == PinMode.Output)
        {
            Write(pinNumber, initialValue);
        }
    }

    protected override PinMode GetPinMode(int pinNumber) => ModeOf(pinNumber);

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        SupportsPulls || mode is PinMode.Input or PinMode.Output;

    protected override PinValue Read(int pinNumber) => LevelOf(pinNumber);

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_lock)
        {
            if (!Open.Contains(pinNumber))
            {
                throw new InvalidOperationException($"write to pin {pinNumber}, which is not open (fake)");
            }

            if (FailWrites.Contains(pinNumber))
            {
                throw new IOException($"line {pinNumber} write failed (fake)");
            }

            LastWriteThread = Environment.CurrentManagedThreadId;

            _levels[pinNumber] = value;
            _writes.Add((time.GetUtcNow() - _start, pinNumber, value));
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("fake: WaitForEvent");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        if (!SupportsEdges)
        {
            throw new NotSupportedException("fake: no edge events");
        }

        lock (_lock)
        {
            if (!_callbacks.TryGetValue(pinNumber, out var list))
            {
                _callbacks[pinNumber] = list = [];
            }

            list.Add(callback);
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_lock)
        {
            if (_callbacks.TryGetValue(pinNumber, out var list))
            {
                list.Remove(callback);
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
