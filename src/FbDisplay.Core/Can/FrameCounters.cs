namespace FbDisplay.Core.Can;

/// <summary>
/// Counts every datagram or frame that reaches the display: accepted, rejected per reason, or dropped because the
/// hand-over channel was full. Safe to update from any thread; the sum always accounts for what arrived.
/// </summary>
public sealed class FrameCounters
{
    private static readonly int ReasonCount = Enum.GetValues<FrameRejectReason>().Length;
    private readonly long[] _rejected = new long[ReasonCount];
    private long _received;
    private long _accepted;
    private long _dropped;

    /// <summary>Datagrams or frames read from any transport.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Frames applied to the model.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Frames discarded because the channel to the UI thread was full (oldest dropped first).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long RejectedTotal
    {
        get
        {
            long sum = 0;
            for (int i = 1; i < _rejected.Length; i++)
            {
                sum += Interlocked.Read(ref _rejected[i]);
            }

            return sum;
        }
    }

    public long Rejected(FrameRejectReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    public void CountReceived() => Interlocked.Increment(ref _received);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountDropped() => Interlocked.Increment(ref _dropped);

    public void CountRejected(FrameRejectReason reason)
    {
        if (reason != FrameRejectReason.None)
        {
            Interlocked.Increment(ref _rejected[(int)reason]);
        }
    }
}
