namespace FbDisplay.Core.Battery;

/// <summary>When a value group was last updated (a <see cref="TimeProvider"/> timestamp) and a change counter.</summary>
public struct ValueStamp
{
    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> of the last update; meaningless until <see cref="Version"/> > 0.</summary>
    public long Timestamp;

    /// <summary>Increments on every update, so a widget can tell "changed since I last drew".</summary>
    public int Version;

    public readonly bool HasValue => Version > 0;

    public void Touch(long timestamp)
    {
        Timestamp = timestamp;
        Version++;
    }

    /// <summary>True when updated within <paramref name="window"/> of <paramref name="now"/>.</summary>
    public readonly bool IsFresh(TimeProvider time, long now, TimeSpan window) =>
        HasValue && time.GetElapsedTime(Timestamp, now) <= window;
}
