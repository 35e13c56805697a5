using System.Numerics;

namespace FbDisplay.Core.History;

/// <summary>
/// Per-second history of one value, kept at every power-of-two bar width from 1 s to 512 s at once. Each level is a
/// pre-allocated ring of <see cref="BarsPerLevel"/> buckets aligned to multiples of its width since the epoch, so
/// appending costs one bucket update per level (no allocation) and "the last N bars at S seconds per bar" reads N
/// buckets, never the whole history. 720 bars at 512 s is 4.27 days: the SOC screen's full span.
/// </summary>
public sealed class BarHistory
{
    public const int Levels = 10;
    public const int MaxSecondsPerBar = 1 << (Levels - 1);
    public const int BarsPerLevel = 720;

    private readonly Bucket[] _buckets = new Bucket[Levels * BarsPerLevel];
    private long _lastSecond = long.MinValue;

    /// <summary>The newest second appended, or <see cref="long.MinValue"/> when empty.</summary>
    public long LastSecond => _lastSecond;

    /// <summary>Bumped on every append, so a graph knows to redraw.</summary>
    public int Version { get; private set; }

    /// <summary>Adds the value of one second. Older seconds still inside a level's ring are merged into their bar.</summary>
    public void Append(long unixSecond, float value)
    {
        if (unixSecond < 0 || float.IsNaN(value))
        {
            return;
        }

        for (int level = 0; level < Levels; level++)
        {
            long index = unixSecond >> level;
            ref Bucket b = ref _buckets[(level * BarsPerLevel) + (int)(index % BarsPerLevel)];
            if (b.Count == 0 || b.Index < index)
            {
                b = new Bucket { Index = index, Min = value, Max = value, Sum = value, Count = 1 };
            }
            else if (b.Index == index)
            {
                b.Min = MathF.Min(b.Min, value);
                b.Max = MathF.Max(b.Max, value);
                b.Sum += value;
                b.Count++;
            }

            // b.Index > index: older than this level's ring remembers; the coarser levels may still take it.
        }

        _lastSecond = Math.Max(_lastSecond, unixSecond);
        Version++;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with the bars ending at the one that holds <paramref name="nowUnixSecond"/>,
    /// oldest first. Bars with no samples have <see cref="Bar.Count"/> 0.
    /// </summary>
    public void ReadBars(int secondsPerBar, long nowUnixSecond, Span<Bar> destination)
    {
        int level = LevelOf(secondsPerBar);
        if (destination.Length > BarsPerLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(destination), $"At most {BarsPerLevel} bars are kept.");
        }

        long last = nowUnixSecond >> level;
        int n = destination.Length;
        for (int i = 0; i < n; i++)
        {
            long index = last - (n - 1 - i);
            if (index < 0)
            {
                destination[i] = default;
                continue;
            }

            ref readonly Bucket b = ref _buckets[(level * BarsPerLevel) + (int)(index % BarsPerLevel)];
            destination[i] = b.Count > 0 && b.Index == index
                ? new Bar(index << level, b.Min, b.Max, (float)(b.Sum / b.Count), b.Count)
                : new Bar(index << level, 0, 0, 0, 0);
        }
    }

    public void Clear()
    {
        Array.Clear(_buckets);
        _lastSecond = long.MinValue;
        Version++;
    }

    /// <summary>Seconds per bar must be a power of two from 1 to 512.</summary>
    public static int LevelOf(int secondsPerBar)
    {
        if (secondsPerBar is < 1 or > MaxSecondsPerBar || !BitOperations.IsPow2(secondsPerBar))
        {
            throw new ArgumentOutOfRangeException(nameof(secondsPerBar), secondsPerBar, "A power of two from 1 to 512.");
        }

        return BitOperations.Log2((uint)secondsPerBar);
    }

    private struct Bucket
    {
        public long Index;
        public double Sum;
        public float Min;
        public float Max;
        public int Count;
    }
}
