namespace FbDisplay.Core.Can;

/// <summary>
/// Which UDP source is the controller, the address SAVE sends to when <c>Controller:Address</c> is not set. Data from
/// every source is still shown (the manual's broadcast model); only the controller's address is guarded: the first
/// source of valid frames is taken, and a new source replaces it only once the current one has been silent for
/// <see cref="SilenceBeforeMove"/> and the new one has sent valid frames for <see cref="NewSourceFor"/> without a gap
/// longer than <see cref="MaxGap"/>. One stray datagram from another host never moves it.
/// Written on the UI thread; <see cref="Address"/> may be read from any thread. Never allocates.
/// </summary>
public sealed class ControllerAddressTracker(TimeProvider time)
{
    /// <summary>How long the current controller must be silent before another source may take its place.</summary>
    public static readonly TimeSpan SilenceBeforeMove = TimeSpan.FromSeconds(10);

    /// <summary>How long a new source must have sent valid frames before it becomes the controller.</summary>
    public static readonly TimeSpan NewSourceFor = TimeSpan.FromSeconds(5);

    /// <summary>A pause longer than this in a new source's frames starts its <see cref="NewSourceFor"/> again.</summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromSeconds(2);

    private uint _address;
    private uint _previous;
    private long _lastFromCurrent;
    private uint _candidate;
    private long _candidateSince;
    private long _candidateLast;
    private long _changes;

    /// <summary>The controller's IPv4 address (network order packed in a uint), 0 while none is known.</summary>
    public uint Address => Volatile.Read(ref _address);

    /// <summary>The controller before the last change, 0 when there was none.</summary>
    public uint Previous => Volatile.Read(ref _previous);

    /// <summary>How often the controller moved to another source (the first one learned does not count).</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>
    /// Notes one valid frame from <paramref name="source"/> at <paramref name="timestamp"/> (<see cref="TimeProvider.GetTimestamp"/>).
    /// Returns true when the controller moved to another source with this frame.
    /// </summary>
    public bool Observe(uint source, long timestamp)
    {
        if (source == 0)
        {
            return false;
        }

        uint current = _address;
        if (current == 0)
        {
            Volatile.Write(ref _address, source);
            _lastFromCurrent = timestamp;
            return false;
        }

        if (source == current)
        {
            _lastFromCurrent = timestamp;
            _candidate = 0;
            return false;
        }

        if (source != _candidate || time.GetElapsedTime(_candidateLast, timestamp) > MaxGap)
        {
            _candidate = source;
            _candidateSince = timestamp;
        }

        _candidateLast = timestamp;
        if (time.GetElapsedTime(_lastFromCurrent, timestamp) < SilenceBeforeMove
            || time.GetElapsedTime(_candidateSince, timestamp) < NewSourceFor)
        {
            return false;
        }

        Volatile.Write(ref _previous, current);
        Volatile.Write(ref _address, source);
        _lastFromCurrent = timestamp;
        _candidate = 0;
        Interlocked.Increment(ref _changes);
        return true;
    }
}
