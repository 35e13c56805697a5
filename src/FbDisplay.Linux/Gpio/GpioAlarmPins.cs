using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Globalization;
using FbDisplay.Core.Alarms;

namespace FbDisplay.Linux.Gpio;

/// <summary>A snapshot of one output for the About panel and /metrics.</summary>
/// <param name="Pin">BCM pin number.</param>
/// <param name="IsOpen">False when the pin could not be opened (see <see cref="Problem"/>).</param>
/// <param name="IsOn">Logically on right now (the pulse phase for a buzzer), whatever the electrical polarity.</param>
/// <param name="Switches">Level changes written since start.</param>
/// <param name="Problem">The last failure on this pin, or null.</param>
public sealed record GpioOutputStatus(int Pin, bool IsOpen, bool IsOn, long Switches, string? Problem);

/// <summary>
/// Alarm outputs (relays, buzzers) and the acknowledge button on GPIO lines. <see cref="Update"/> only stores the
/// latest alarm state and wakes a TimeProvider timer: every read and write happens on timer callbacks (serialised by
/// one lock), never on the caller's thread. Nothing throws out after construction; failures, each naming the pin and
/// chip, land in <see cref="Problems"/> and the pins that did open keep working.
/// </summary>
public sealed class GpioAlarmPins : IDisposable
{
    /// <summary>How often the button is read when the driver cannot report edges.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly GpioOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly Lock _gate = new();
    private readonly GpioController? _controller;
    private readonly Output[] _outputs;
    private readonly Button? _button;
    private readonly ITimer _applyTimer;
    private readonly string[] _startProblems;
    private long _latest; // raised << 32 | unacknowledged
    private int _applyPending;
    private long _errors;
    private long _presses;
    private volatile bool _disposed;

    /// <summary>Opens the configured pins on the board's GPIO chip (a few milliseconds, at start-up).</summary>
    public GpioAlarmPins(GpioOptions options, TimeProvider time, Action<string>? log = null)
        : this(options, time, log, () => CreateController(options.Chip))
    {
    }

    /// <summary>As above with the controller made by <paramref name="controllerFactory"/> (tests pass a fake driver); it is called only when a pin is configured.</summary>
    public GpioAlarmPins(GpioOptions options, TimeProvider time, Action<string>? log, Func<GpioController> controllerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(controllerFactory);
        _options = options;
        _time = time;
        _log = log ?? (_ => { });
        _applyTimer = time.CreateTimer(_ => Apply(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _outputs = [.. options.Outputs.Select(o => new Output(o))];
        var problems = new List<string>();
        if (!options.IsEnabled)
        {
            _startProblems = [];
            return;
        }

        try
        {
            _controller = controllerFactory();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _startProblems = [Report($"GPIO unavailable on gpiochip{Num(options.Chip)}: {ex.Message} Alarm outputs and the button are off.")];
            Interlocked.Increment(ref _errors);
            return;
        }

        foreach (var output in _outputs)
        {
            OpenOutput(output, problems);
        }

        if (options.Button is { } button)
        {
            _button = OpenButton(button, problems);
        }

        _startProblems = [.. problems];
    }

    /// <summary>Raised (on a timer or driver thread, never the UI thread) once per debounced press of the button.</summary>
    public event EventHandler? ButtonPressed;

    /// <summary>Whether a GPIO controller was opened; false with no pins configured or no GPIO on the board.</summary>
    public bool IsAvailable => _controller is not null;

    /// <summary>What went wrong, in words naming the pin, the chip and the reason: start-up failures, then the latest failure per pin.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var list = new List<string>(_startProblems);
            foreach (var output in _outputs)
            {
                if (output.IsOpen && output.Problem is { } problem)
                {
                    list.Add(problem);
                }
            }

            if (_button?.Problem is { } buttonProblem)
            {
                list.Add(buttonProblem);
            }

            return list;
        }
    }

    /// <summary>One line for the About panel, e.g. "GPIO: 2 of 2 outputs, button on GPIO27 (edges)".</summary>
    public string Status
    {
        get
        {
            if (!_options.IsEnabled)
            {
                return "GPIO: no pins configured.";
            }

            if (_controller is null)
            {
                return _startProblems.Length > 0 ? _startProblems[0] : "GPIO unavailable.";
            }

            string text = $"GPIO (gpiochip{Num(_options.Chip)}): {Num(_outputs.Count(o => o.IsOpen))} of {Num(_outputs.Length)} outputs";
            if (_options.Button is { } b)
            {
                text += _button is null
                    ? $", button on GPIO{Num(b.Pin)} failed"
                    : $", button on GPIO{Num(b.Pin)} ({(_button.UsesEdges ? "edges" : "polled")})";
            }

            int problems = Problems.Count;
            return problems == 0 ? text + "." : text + $"; {Num(problems)} problem(s).";
        }
    }

    /// <summary>Every configured output, opened or not, in settings order.</summary>
    public IReadOnlyList<GpioOutputStatus> Outputs =>
        [.. _outputs.Select(o => new GpioOutputStatus(o.Options.Pin, o.IsOpen, o.IsOn, Interlocked.Read(ref o.Switches), o.Problem))];

    /// <summary>Debounced button presses since start.</summary>
    public long ButtonPresses => Interlocked.Read(ref _presses);

    /// <summary>Failures since start: the controller or a pin not opening, a read or write failing, a ButtonPressed handler throwing.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>True when the button is read from driver edge events; false when it is polled (or absent).</summary>
    internal bool ButtonUsesEdges => _button?.UsesEdges ?? false;

    /// <summary>
    /// The alarm state changed (or the UI re-sends it). Returns at once: the value replaces any not yet applied and a
    /// timer applies it. Outputs with <see cref="GpioOutputOptions.SilenceOnAcknowledge"/> follow
    /// <paramref name="unacknowledged"/>, the others <paramref name="raised"/>.
    /// </summary>
    public void Update(AlarmSet raised, AlarmSet unacknowledged)
    {
        if (_disposed || _controller is null)
        {
            return;
        }

        Interlocked.Exchange(ref _latest, (long)(((ulong)raised << 32) | (uint)unacknowledged));
        if (Interlocked.Exchange(ref _applyPending, 1) == 0)
        {
            Arm(_applyTimer, TimeSpan.Zero);
        }
    }

    /// <summary>Switches every output to its OFF level, then closes the pins and the controller.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _applyTimer.Dispose();
        foreach (var output in _outputs)
        {
            output.PulseTimer?.Dispose();
        }

        _button?.DebounceTimer?.Dispose();
        _button?.PollTimer?.Dispose();
        lock (_gate)
        {
            if (_controller is null)
            {
                return;
            }

            foreach (var output in _outputs.Where(o => o.IsOpen))
            {
                Write(output, on: false, force: true);
            }

            if (_button is { EdgeHandler: { } handler })
            {
                Try(() => _controller.UnregisterCallbackForPinValueChangedEvent(_button.Options.Pin, handler), _button.Options.Pin, "unregister edge events");
            }

            foreach (int pin in _outputs.Where(o => o.IsOpen).Select(o => o.Options.Pin).Concat(_button is null ? [] : [_button.Options.Pin]))
            {
                Try(() => _controller.ClosePin(pin), pin, "close");
            }

            Try(_controller.Dispose, -1, "close the controller");
        }
    }

    /// <summary>
    /// The real controller: libgpiod (the v2 ABI, libgpiod.so.3, then v1, libgpiod.so.2) on /dev/gpiochip<paramref name="chip"/>,
    /// and for chip 0 the library's own choice for the board as a last resort. Throws with every reason when none opens.
    /// </summary>
    public static GpioController CreateController(int chip)
    {
        string device = "/dev/gpiochip" + Num(chip);
        if (!File.Exists(device))
        {
            throw new LinuxIoException($"{device} does not exist: this board has no GPIO chip {Num(chip)} (gpiodetect lists the chips).");
        }

        var reasons = new List<string>();
        var attempts = new List<(string Name, Func<GpioDriver> Make)>
        {
            ("libgpiod v2", () => new LibGpiodV2Driver(chip)),
            ("libgpiod v1", () => new LibGpiodDriver(chip)),
        };
        foreach (var (name, make) in attempts)
        {
            GpioDriver? driver = null;
            try
            {
                driver = make();
                return new GpioController(driver);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                driver?.Dispose();
                reasons.Add($"{name}: {ex.Message}");
            }
        }

        if (chip == 0)
        {
            try
            {
                return new GpioController();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                reasons.Add($"board default: {ex.Message}");
            }
        }

        throw new LinuxIoException($"{device}: no GPIO driver could open it ({string.Join("; ", reasons)}). Is libgpiod installed?");
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static PinValue LevelFor(bool on, bool activeLow) => on != activeLow ? PinValue.High : PinValue.Low;

    private string PinName(int pin) => $"GPIO{Num(pin)} (gpiochip{Num(_options.Chip)})";

    private string Report(string message)
    {
        _log(message);
        return message;
    }

    private void OpenOutput(Output output, List<string> problems)
    {
        var o = output.Options;
        try
        {
            // Opening with the OFF level avoids a glitch: an active-low relay would click on a default low.
            _controller!.OpenPin(o.Pin, PinMode.Output, LevelFor(false, o.ActiveLow));
            output.IsOpen = true;
            if (o.PulseMilliseconds > 0)
            {
                output.PulseTimer = _time.CreateTimer(_ => Pulse(output), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _errors);
            output.Problem = $"{PinName(o.Pin)}: cannot open as an output: {ex.Message} This output is off.";
            problems.Add(Report(output.Problem));
        }
    }

    private Button? OpenButton(GpioButtonOptions options, List<string> problems)
    {
        var controller = _controller!;
        var mode = options.ActiveLow ? PinMode.InputPullUp : PinMode.InputPullDown;
        try
        {
            if (!controller.IsPinModeSupported(options.Pin, mode))
            {
                problems.Add(Report($"{PinName(options.Pin)}: the driver cannot set {mode}; fit an external {(options.ActiveLow ? "pull-up" : "pull-down")} resistor."));
                mode = PinMode.Input;
            }

            controller.OpenPin(options.Pin, mode);
            var button = new Button(options);
            button.DebounceTimer = _time.CreateTimer(_ => Debounced(button), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            button.LastRaw = controller.Read(options.Pin);
            button.Pressed = IsPressed(options, button.LastRaw); // held at start-up: no press until released first
            try
            {
                PinChangeEventHandler handler = (_, _) => Edge(button);
                controller.RegisterCallbackForPinValueChangedEvent(options.Pin, PinEventTypes.Falling | PinEventTypes.Rising, handler);
                button.EdgeHandler = handler;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _log($"{PinName(options.Pin)}: no edge events ({ex.Message}); polling the button every {Num((int)PollInterval.TotalMilliseconds)} ms.");
                button.PollTimer = _time.CreateTimer(_ => Poll(button), null, PollInterval, PollInterval);
            }

            return button;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _errors);
            problems.Add(Report($"{PinName(options.Pin)}: cannot open the button input: {ex.Message} No button."));
            try
            {
                if (controller.IsPinOpen(options.Pin))
                {
                    controller.ClosePin(options.Pin);
                }
            }
            catch (Exception closeEx) when (closeEx is not OutOfMemoryException)
            {
                _log($"{PinName(options.Pin)}: close after a failed open: {closeEx.Message}");
            }

            return null;
        }
    }

    private static bool IsPressed(GpioButtonOptions options, PinValue raw) => (raw == PinValue.Low) == options.ActiveLow;

    private void Apply()
    {
        lock (_gate)
        {
            Volatile.Write(ref _applyPending, 0);
            if (_disposed || _controller is null)
            {
                return;
            }

            ulong latest = (ulong)Interlocked.Read(ref _latest);
            var raised = (AlarmSet)(uint)(latest >> 32);
            var unacknowledged = (AlarmSet)(uint)latest;
            foreach (var output in _outputs)
            {
                if (!output.IsOpen)
                {
                    continue;
                }

                bool active = output.Options.IsActive(raised, unacknowledged);
                bool wasActive = output.Active;
                output.Active = active;
                if (output.PulseTimer is null)
                {
                    if (active != output.IsOn)
                    {
                        Write(output, active, force: false); // a failed write is retried by the next Update
                    }
                }
                else if (active && !wasActive)
                {
                    Write(output, on: true, force: false);
                    var half = TimeSpan.FromMilliseconds(output.Options.PulseMilliseconds);
                    output.PulseTimer.Change(half, half);
                }
                else if (!active && wasActive)
                {
                    output.PulseTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    Write(output, on: false, force: false);
                }
                else if (!active && output.IsOn)
                {
                    Write(output, on: false, force: false); // an earlier OFF write failed
                }
            }
        }
    }

    private void Pulse(Output output)
    {
        lock (_gate)
        {
            if (_disposed || !output.Active)
            {
                return;
            }

            Write(output, !output.IsOn, force: false);
        }
    }

    private void Write(Output output, bool on, bool force)
    {
        var o = output.Options;
        try
        {
            _controller!.Write(o.Pin, LevelFor(on, o.ActiveLow));
            if (output.IsOn != on)
            {
                Interlocked.Increment(ref output.Switches);
            }

            output.IsOn = on;
            output.Problem = null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _errors);
            string problem = $"{PinName(o.Pin)}: writing {(on ? "ON" : "OFF")} failed: {ex.Message}";
            if (problem != output.Problem || force)
            {
                _log(problem);
            }

            output.Problem = problem;
        }
    }

    /// <summary>An edge (from the driver's event thread or the poll): the level must now hold still for the debounce time.</summary>
    private void Edge(Button button)
    {
        if (!_disposed && button.DebounceTimer is { } timer)
        {
            Arm(timer, TimeSpan.FromMilliseconds(button.Options.DebounceMilliseconds));
        }
    }

    /// <summary>Starts a one-shot timer; a race with Dispose (the driver's event thread, a late Update) is not an error.</summary>
    private static void Arm(ITimer timer, TimeSpan due)
    {
        try
        {
            timer.Change(due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Poll(Button button)
    {
        bool changed = false;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (TryRead(button, out PinValue raw) && raw != button.LastRaw)
            {
                button.LastRaw = raw;
                changed = true;
            }
        }

        if (changed)
        {
            Edge(button);
        }
    }

    private void Debounced(Button button)
    {
        bool press = false;
        lock (_gate)
        {
            if (_disposed || !TryRead(button, out PinValue raw))
            {
                return;
            }

            button.LastRaw = raw;
            bool pressed = IsPressed(button.Options, raw);
            press = pressed && !button.Pressed;
            button.Pressed = pressed;
        }

        if (!press)
        {
            return;
        }

        Interlocked.Increment(ref _presses);
        try
        {
            ButtonPressed?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _errors);
            _log($"{PinName(button.Options.Pin)}: a ButtonPressed handler threw: {ex.Message}");
        }
    }

    private bool TryRead(Button button, out PinValue value)
    {
        try
        {
            value = _controller!.Read(button.Options.Pin);
            button.Problem = null;
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _errors);
            string problem = $"{PinName(button.Options.Pin)}: reading the button failed: {ex.Message}";
            if (problem != button.Problem)
            {
                _log(problem);
            }

            button.Problem = problem;
            value = default;
            return false;
        }
    }

    private void Try(Action action, int pin, string what)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _errors);
            _log(pin >= 0
                ? $"{PinName(pin)}: {what} failed: {ex.Message}"
                : $"gpiochip{Num(_options.Chip)}: {what} failed: {ex.Message}");
        }
    }

    private sealed class Output(GpioOutputOptions options)
    {
        public long Switches; // Interlocked: /metrics reads it from another thread

        private volatile bool _isOn;
        private volatile string? _problem;

        public GpioOutputOptions Options { get; } = options;

        public bool IsOpen { get; set; }

        /// <summary>The alarms want it on (a pulsing output is then on or off by phase).</summary>
        public bool Active { get; set; }

        public bool IsOn
        {
            get => _isOn;
            set => _isOn = value;
        }

        public string? Problem
        {
            get => _problem;
            set => _problem = value;
        }

        public ITimer? PulseTimer { get; set; }
    }

    private sealed class Button(GpioButtonOptions options)
    {
        private volatile string? _problem;

        public GpioButtonOptions Options { get; } = options;

        public ITimer? DebounceTimer { get; set; }

        public ITimer? PollTimer { get; set; }

        /// <summary>Set when edge events are registered: the same delegate unregisters them.</summary>
        public PinChangeEventHandler? EdgeHandler { get; set; }

        public bool UsesEdges => EdgeHandler is not null;

        public PinValue LastRaw { get; set; }

        /// <summary>The debounced state.</summary>
        public bool Pressed { get; set; }

        public string? Problem
        {
            get => _problem;
            set => _problem = value;
        }
    }
}
