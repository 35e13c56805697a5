using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Text;

namespace FbDisplay.Core.Inverter;

/// <summary>What the inverter link is doing, for the screen, /api/status and /metrics.</summary>
public enum InverterLinkState
{
    /// <summary>Inverter:CanInterface is empty.</summary>
    Off = 0,

    /// <summary>Frames go out once a second.</summary>
    Sending,

    /// <summary>No fresh controller data (or none yet): nothing is sent, so the inverter stops charging on its own.</summary>
    Stale,

    /// <summary>No series cell count is known, so no charge voltage: nothing is sent.</summary>
    NoCellCount,

    /// <summary>The interface could not be opened or a write failed; waiting before the next try.</summary>
    BusError,
}

/// <summary>
/// The inverter link's once-a-second step, on the UI thread: maps the controller's state (<see cref="InverterFrames"/>),
/// sends the six frames through <see cref="ICanTransmitter"/>, counts and backs off on errors. Allocates nothing in
/// its steady state; messages are made only when the state changes.
/// </summary>
public sealed class InverterLink
{
    /// <summary>The first wait after an error; doubles to <see cref="LastRetry"/> while errors go on.</summary>
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(60);

    private readonly ICanTransmitter _transmitter;
    private readonly TimeProvider _time;
    private readonly InverterSettings _settings;
    private readonly CanFrame[] _frames = new CanFrame[InverterFrames.Count];
    private TimeSpan _retryDelay = FirstRetry;
    private long _retryAt;
    private bool _waiting;
    private volatile string _message = "";
    private volatile Say? _notice;

    public InverterLink(ICanTransmitter transmitter, in InverterSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(transmitter);
        ArgumentNullException.ThrowIfNull(time);
        _transmitter = transmitter;
        _settings = settings;
        _time = time;
        State = InverterLinkState.Stale;
    }

    public string InterfaceName => _transmitter.InterfaceName;

    public InverterLinkState State { get; private set; }

    /// <summary>Bumped on every change of <see cref="State"/> or <see cref="LastError"/> (the screen redraws its line then).</summary>
    public int Version { get; private set; }

    /// <summary>Seconds in which all six frames went out.</summary>
    public long BurstsSent { get; private set; }

    /// <summary>Frames the kernel took.</summary>
    public long FramesSent { get; private set; }

    /// <summary>Failed opens and writes (ENOBUFS, ENETDOWN, ENODEV, ...).</summary>
    public long BusErrors { get; private set; }

    /// <summary>The errno of the last failure, 0 = none yet.</summary>
    public int LastErrno { get; private set; }

    /// <summary>"can1: write failed: errno 105", kept until the next success; null while none.</summary>
    public string? LastError { get; private set; }

    /// <summary>The last values sent (for /api/status); default until the first burst.</summary>
    public InverterValues LastValues { get; private set; }

    /// <summary>One short line for the screen, made on the change of state (any thread may read it).</summary>
    public string Message => _message;

    /// <summary><see cref="Message"/> as a sentence for the screen in the display's language; null while sending.</summary>
    public Say? Notice => _notice;

    /// <summary>The frames of the last burst (tests and the VM test compare these with candump).</summary>
    public ReadOnlySpan<CanFrame> LastFrames => _frames;

    /// <summary>Once a second: sends when the controller's data is fresh, stops the moment it is not.</summary>
    public void Tick(BatteryState state, long now)
    {
        InverterDataState data = InverterFrames.TryMap(state, _settings, _time, now, out InverterValues values);
        if (data != InverterDataState.Fresh)
        {
            SetState(data == InverterDataState.Stale ? InverterLinkState.Stale : InverterLinkState.NoCellCount);
            return;
        }

        if (_waiting && _time.GetElapsedTime(_retryAt, now) < _retryDelay)
        {
            return; // backing off: no write until the wait is over
        }

        int errno = _transmitter.TryOpen();
        if (errno != 0)
        {
            Fail("open", errno, now);
            return;
        }

        InverterFrames.Encode(values, _frames);
        for (int i = 0; i < _frames.Length; i++)
        {
            errno = _transmitter.TrySend(_frames[i]);
            if (errno != 0)
            {
                Fail("write", errno, now);
                if (errno == Errno.ENETDOWN)
                {
                    _transmitter.Close(); // bus-off or link down: a fresh socket after the wait
                }

                return;
            }

            FramesSent++;
        }

        BurstsSent++;
        LastValues = values;
        _waiting = false;
        _retryDelay = FirstRetry;
        if (LastError is not null)
        {
            LastError = null;
            Version++;
        }

        SetState(InverterLinkState.Sending);
    }

    /// <summary>What the screen shows for a state (short, one line).</summary>
    public static Say? Describe(InverterLinkState state, string interfaceName, int errno) => state switch
    {
        InverterLinkState.Stale => Say.Of(Tx.InverterStale, interfaceName),
        InverterLinkState.NoCellCount => Say.Of(Tx.InverterNoCellCount, interfaceName),
        InverterLinkState.BusError => Say.Of(Tx.InverterBusError, interfaceName, Errno.Name(errno)),
        _ => null,
    };

    private void Fail(string call, int errno, long now)
    {
        BusErrors++;
        bool changed = errno != LastErrno || LastError is null;
        LastErrno = errno;
        if (changed)
        {
            LastError = $"{_transmitter.InterfaceName}: {call} failed: {Errno.Name(errno)} (errno {errno})";
            Version++;
        }

        if (_waiting)
        {
            _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, LastRetry.Ticks));
        }

        _waiting = true;
        _retryAt = now;
        SetState(InverterLinkState.BusError, force: changed);
    }

    private void SetState(InverterLinkState state, bool force = false)
    {
        if (state == State && !force)
        {
            return;
        }

        State = state;
        Version++;
        Say? notice = Describe(state, _transmitter.InterfaceName, LastErrno);
        _notice = notice;
        _message = notice?.English ?? "";
    }
}

/// <summary>The errno values the link names (Linux numbers; the same on x86-64, arm64 and armhf).</summary>
public static class Errno
{
    public const int EAGAIN = 11;
    public const int ENODEV = 19;
    public const int ENETDOWN = 100;
    public const int ENOBUFS = 105;

    public static string Name(int errno) => errno switch
    {
        EAGAIN => "EAGAIN",
        ENODEV => "ENODEV",
        ENETDOWN => "ENETDOWN",
        ENOBUFS => "ENOBUFS",
        _ => "errno " + errno.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>Stable names of <see cref="InverterLinkState"/> for JSON and metrics.</summary>
public static class InverterStates
{
    public static string Key(InverterLinkState state) => state switch
    {
        InverterLinkState.Sending => "sending",
        InverterLinkState.Stale => "stale",
        InverterLinkState.NoCellCount => "no_cell_count",
        InverterLinkState.BusError => "bus_error",
        _ => "off",
    };
}
