namespace FbDisplay.Core.Energy;

/// <summary>
/// An exponential moving average of the pack current over the per-second samples (time constant 60 s by default), so
/// the time-to-full/empty estimate follows the trend rather than every cloud. UI thread; allocates nothing.
/// </summary>
/// <remarks>
/// Each sample weighs 1 - e^(-1 s / time constant): after one time constant a step in current is 63 % through, after
/// three 95 %. The first sample, and the first after a gap in the samples longer than the time constant (stale data,
/// a clock jump), starts the average afresh instead of blending with a value that no longer applies.
/// </remarks>
public sealed class CurrentSmoother
{
    public static readonly TimeSpan DefaultTimeConstant = TimeSpan.FromSeconds(60);

    private readonly double _alpha;
    private readonly long _maxGapSeconds;
    private double _average;
    private long _lastSecond;

    public CurrentSmoother()
        : this(DefaultTimeConstant)
    {
    }

    public CurrentSmoother(TimeSpan timeConstant)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeConstant, TimeSpan.FromSeconds(1));
        TimeConstant = timeConstant;
        _alpha = 1 - Math.Exp(-1 / timeConstant.TotalSeconds);
        _maxGapSeconds = (long)Math.Ceiling(timeConstant.TotalSeconds);
    }

    public TimeSpan TimeConstant { get; }

    /// <summary>False until the first sample (and after <see cref="Reset"/>).</summary>
    public bool HasValue { get; private set; }

    /// <summary>The smoothed current, positive = charging; 0 without a value.</summary>
    public float Amps => HasValue ? (float)_average : 0;

    /// <summary>Adds one second's current and returns the new average. Non-finite currents are ignored.</summary>
    public float Add(long unixSeconds, float currentAmps)
    {
        if (!float.IsFinite(currentAmps))
        {
            return Amps;
        }

        if (!HasValue || Math.Abs(unixSeconds - _lastSecond) > _maxGapSeconds)
        {
            _average = currentAmps;
            HasValue = true;
        }
        else
        {
            _average += _alpha * (currentAmps - _average);
        }

        _lastSecond = unixSeconds;
        return (float)_average;
    }

    public void Reset()
    {
        HasValue = false;
        _average = 0;
        _lastSecond = 0;
    }
}
