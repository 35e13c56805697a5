namespace FbDisplay.Core.Energy;

/// <summary>Which way the pack is going, for <see cref="BatteryEstimate"/>.</summary>
public enum EstimateDirection
{
    /// <summary>No estimate: current too small, capacity unknown or inputs not numbers.</summary>
    None,
    ToFull,
    ToEmpty,
}

/// <summary>
/// Time to full (charging) or to empty (discharging) at the present rate: capacity x the SOC still to go, divided by
/// the current. Feed it a smoothed current (<see cref="CurrentSmoother"/>) so a passing cloud does not make it jump.
/// </summary>
/// <param name="Time">The estimate; <see cref="Cap"/> when <see cref="IsCapped"/>, zero when <see cref="Direction"/> is None.</param>
/// <param name="IsCapped">The real figure is longer than <see cref="Cap"/>: show "more than 99 h".</param>
public readonly record struct BatteryEstimate(EstimateDirection Direction, TimeSpan Time, bool IsCapped)
{
    /// <summary>Below this (either sign) the pack is taken as idle: no estimate.</summary>
    public const float MinCurrentAmps = 0.5f;

    /// <summary>Estimates longer than this are shown as "more than 99 h".</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromHours(99);

    public bool HasValue => Direction != EstimateDirection.None;

    /// <summary>Pure: no state, no allocation.</summary>
    /// <param name="socPercent">State of charge, clamped to 0-100.</param>
    /// <param name="capacityAmpHours">Pack capacity; 0 (or less) = unknown, no estimate.</param>
    /// <param name="currentAmps">Positive = charging (the manual's convention).</param>
    public static BatteryEstimate Compute(float socPercent, float capacityAmpHours, float currentAmps)
    {
        if (!float.IsFinite(socPercent) || !float.IsFinite(capacityAmpHours) || !float.IsFinite(currentAmps)
            || capacityAmpHours <= 0 || Math.Abs(currentAmps) < MinCurrentAmps)
        {
            return default;
        }

        double soc = Math.Clamp(socPercent, 0f, 100f);
        EstimateDirection direction = currentAmps > 0 ? EstimateDirection.ToFull : EstimateDirection.ToEmpty;
        double percentToGo = direction == EstimateDirection.ToFull ? 100 - soc : soc;
        double hours = capacityAmpHours * percentToGo / 100 / Math.Abs(currentAmps);
        if (hours > Cap.TotalHours)
        {
            return new BatteryEstimate(direction, Cap, IsCapped: true);
        }

        // Whole seconds: a display never needs more and the value then compares exactly in tests.
        return new BatteryEstimate(direction, TimeSpan.FromSeconds(Math.Round(hours * 3600)), IsCapped: false);
    }

    /// <summary>
    /// The estimate at the <paramref name="smoothedAmps"/> rate, but none while the pack has just turned round (the
    /// present current points the other way): "Full in 3 h" beside a red discharge current reads as a fault.
    /// </summary>
    public static BatteryEstimate Compute(float socPercent, float capacityAmpHours, float smoothedAmps, float presentAmps) =>
        Math.Abs(presentAmps) >= MinCurrentAmps && Math.Sign(presentAmps) != Math.Sign(smoothedAmps)
            ? default
            : Compute(socPercent, capacityAmpHours, smoothedAmps);
}
