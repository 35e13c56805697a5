using System.Threading.Channels;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.History;
using FbDisplay.Core.Status;

namespace FbDisplay.App;

/// <summary>
/// The UI thread's loop. Each tick drains the frame channel into the model, takes the per-second sample on a second
/// boundary (log, rings, outputs) and lets the front end (the screen) draw what changed. Between ticks it sleeps until
/// woken by a reader or the next second; a tick is never more often than MaxFps. Nothing here blocks on I/O and a
/// steady-state tick allocates nothing.
/// </summary>
public sealed class TickLoop : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ChannelReader<ReceivedFrame> _frames;
    private readonly BatteryDecoder _decoder;
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly TimeSpan _minFrameInterval;
    private readonly List<ISecondSink> _secondSinks = [];
    private readonly List<Action<long>> _everySecond = [];
    private const int MaxCatchUpSeconds = 5;
    private long _lastSecond;

    /// <summary>The clock every module of the appliance shares.</summary>
    public TimeProvider Time => _time;

    public TickLoop(TimeProvider time, ChannelReader<ReceivedFrame> frames, BatteryDecoder decoder, int maxFps)
    {
        _time = time;
        _frames = frames;
        _decoder = decoder;
        _minFrameInterval = TimeSpan.FromSeconds(1.0 / maxFps);
        _lastSecond = time.GetUtcNow().ToUnixTimeSeconds();
        Controller = new ControllerAddressTracker(time);
    }

    public BatteryState State => _decoder.State;

    /// <summary>The state as other threads (web, MQTT) may read it.</summary>
    public StatusBoard Board { get; } = new();

    /// <summary>Alarms, energy and the estimate, set by their owners once a second; carried by every snapshot.</summary>
    public StatusExtras Extras { get; set; }

    public BarHistory SocHistory { get; } = new();

    public BarHistory PowerHistory { get; } = new();

    /// <summary>Drawn once per tick on the UI thread after the model is updated.</summary>
    public IFrontEnd? FrontEnd { get; set; }

    /// <summary>On an MQTT RECEIVER: statuses from the sender, applied as if they came from the local controller.</summary>
    public ChannelReader<RemoteStatus>? RemoteStatuses { get; set; }

    /// <summary>Called at the end of every tick on the UI thread: the systemd watchdog ping proves this thread is alive.</summary>
    public Action? Heartbeat { get; set; }

    /// <summary>Ticks run so far.</summary>
    public long Ticks { get; private set; }

    /// <summary>Which UDP source is the controller (SAVE's address when Controller:Address is not set).</summary>
    public ControllerAddressTracker Controller { get; }

    /// <summary>The controller's IPv4 address (network order), 0 when unknown; any thread.</summary>
    public uint ControllerAddress => Controller.Address;

    /// <summary>Called on the UI thread when the controller moves to another source (previous, new address).</summary>
    public Action<uint, uint>? ControllerChanged { get; set; }

    /// <summary>The most recent per-second sample (valid once <see cref="SamplesTaken"/> > 0).</summary>
    public SecondSample LastSample { get; private set; }

    public long SamplesTaken { get; private set; }

    /// <summary>Work queued on the UI thread by other threads (settings changes, RESET LOG), run at the next tick.</summary>
    private readonly Channel<Action> _actions = Channel.CreateBounded<Action>(new BoundedChannelOptions(64) { SingleReader = true });

    public void AddSecondSink(ISecondSink sink) => _secondSinks.Add(sink);

    /// <summary>
    /// Runs <paramref name="action"/> on the UI thread once a second with the tick's timestamp, whether or not data
    /// flows (alarms watch for silence too). Must not block or allocate.
    /// </summary>
    public void AddEverySecond(Action<long> action) => _everySecond.Add(action);

    /// <summary>Called by readers after queueing input: the UI thread runs a tick soon.</summary>
    public void Wake() => _wake.Set();

    /// <summary>Runs <paramref name="action"/> on the UI thread at the next tick.</summary>
    public bool Post(Action action)
    {
        bool ok = _actions.Writer.TryWrite(action);
        Wake();
        return ok;
    }

    public void Run(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            long started = _time.GetTimestamp();
            RunOnce();

            // Sleep until the next second (+1 ms so we never wake just before it), a front-end deadline, or input.
            DateTimeOffset now = _time.GetUtcNow();
            TimeSpan sleep = TimeSpan.FromTicks(TimeSpan.TicksPerSecond - (now.UtcTicks % TimeSpan.TicksPerSecond)) + TimeSpan.FromMilliseconds(1);
            TimeSpan untilFrontEnd = FrontEnd?.NextDeadline(_time.GetTimestamp()) ?? Timeout.InfiniteTimeSpan;
            if (untilFrontEnd >= TimeSpan.Zero && untilFrontEnd < sleep)
            {
                sleep = untilFrontEnd;
            }

            if (!_wake.Wait(sleep, CancellationToken.None))
            {
                continue;
            }

            _wake.Reset();

            // Woken by input: pace ticks to at most MaxFps so a flood batches up instead of spinning.
            TimeSpan busy = _time.GetElapsedTime(started);
            if (busy < _minFrameInterval)
            {
                ct.WaitHandle.WaitOne(_minFrameInterval - busy);
            }
        }
    }

    /// <summary>One tick. Public so tests can step the loop with a manual clock.</summary>
    public void RunOnce()
    {
        Ticks++;
        while (_actions.Reader.TryRead(out Action? action))
        {
            action();
        }

        bool changed = false;
        while (_frames.TryRead(out ReceivedFrame f))
        {
            changed = true;
            if (_decoder.Apply(f.Frame, f.Timestamp) == FrameRejectReason.None && f.SourceAddress != 0
                && Controller.Observe(f.SourceAddress, f.Timestamp))
            {
                ControllerChanged?.Invoke(Controller.Previous, Controller.Address);
            }
        }

        if (RemoteStatuses is { } remote)
        {
            while (remote.TryRead(out RemoteStatus? status))
            {
                _decoder.State.ApplyRemote(status, status.ReceivedTimestamp);
                changed = true;
            }
        }

        long second = _time.GetUtcNow().ToUnixTimeSeconds();
        bool newSecond = second != _lastSecond;
        if (newSecond)
        {
            // A late tick must not leave a hole in the per-second log: the seconds it slept through repeat the state
            // (a few at most; a clock jump starts afresh).
            long from = second - _lastSecond is > 1 and <= MaxCatchUpSeconds ? _lastSecond + 1 : second;
            _lastSecond = second;
            for (long s = from; s <= second; s++)
            {
                OnSecond(s);
            }

            long now = _time.GetTimestamp();
            foreach (Action<long> action in _everySecond)
            {
                action(now);
            }
        }

        if (changed || newSecond)
        {
            // After the second's work, so the board carries this second's alarms and energy.
            Board.Publish(_decoder.State, _decoder.Counters, _time, ControllerAddress, Extras);
        }

        FrontEnd?.Tick(_time.GetTimestamp());
        Heartbeat?.Invoke();
    }

    private void OnSecond(long unixSecond)
    {
        BatteryState s = _decoder.State;
        long now = _time.GetTimestamp();
        if (!s.Pack.IsFresh(_time, now, BatteryState.StaleAfter))
        {
            return; // The manual logs while data arrives; a silent controller writes no made-up lines.
        }

        bool status = s.ControllerStatus.IsFresh(_time, now, BatteryState.StaleAfter);
        bool command = s.ChargeCommand.IsFresh(_time, now, BatteryState.StaleAfter);
        var sample = new SecondSample(
            unixSecond, s.SocPercent, s.PackVolts, s.PackCurrentAmps, s.PowerWatts, s.AmpHours,
            s.MaxTemperatureC, s.MinTemperatureC, s.LowCellMillivolts, s.HighCellMillivolts, s.AverageCellMillivolts,
            status ? (byte)s.ControllerFlags : null, status ? (byte)s.FaultCode : null,
            command ? s.ChargeCommandAmps : null, command ? s.FrequencyShiftVolts : null);
        LastSample = sample;
        SamplesTaken++;
        if (s.Soc.IsFresh(_time, now, BatteryState.StaleAfter))
        {
            SocHistory.Append(unixSecond, s.SocPercent);
        }

        PowerHistory.Append(unixSecond, s.PowerWatts);
        foreach (ISecondSink sink in _secondSinks)
        {
            sink.OnSecond(sample);
        }
    }

    public void Dispose() => _wake.Dispose();
}

/// <summary>Receives the per-second sample on the UI thread; must not block (hand off to a queue).</summary>
public interface ISecondSink
{
    void OnSecond(in SecondSample sample);
}

/// <summary>The screen side of the loop: draws what changed.</summary>
public interface IFrontEnd
{
    void Tick(long timestamp);

    /// <summary>How long until the front end needs a tick without new input (animation, long press), or infinite.</summary>
    TimeSpan NextDeadline(long timestamp);
}
