using FbDisplay.Core.History;

namespace FbDisplay.Core.Energy;

/// <summary>
/// kWh charged and discharged today, yesterday and in total, integrated from the per-second samples on the UI thread.
/// Pre-allocated; <see cref="OnSecond"/> allocates nothing. See docs/energy.md for the rules.
/// </summary>
/// <remarks>
/// Each sample stands for exactly one second of energy: the tick loop already repeats the few seconds a late tick
/// missed and drops seconds with stale data, so wall-clock deltas are never integrated and a clock jump cannot invent
/// or erase energy. The clock only decides which local day the energy is booked to:
/// <list type="bullet">
/// <item>the sample's local date is the next day: yesterday = today, today = 0 (local midnight, 23 or 25 h days too);</item>
/// <item>it is two or more days later: yesterday = 0 (nothing was measured that day), today = 0;</item>
/// <item>it is the day before (a clock set back across midnight, e.g. by an hour): no roll, counting goes on into
/// today until the local date passes <see cref="EnergyTotals.Day"/> again;</item>
/// <item>it is two or more days earlier (a clock that was far ahead and got corrected, or a saved file from the
/// "future"): no roll and nothing dropped, but today is relabelled to the sample's date so midnight rolls resume
/// tonight instead of on the far-future date.</item>
/// </list>
/// Totals only ever grow.
/// </remarks>
public sealed class EnergyCounters
{
    private const double JoulesPerWattHour = 3600;

    private readonly TimeZoneInfo _zone;

    // Watt-seconds (joules): whole-watt samples sum exactly, so 3600 s at 1000 W is exactly 1 kWh.
    private double _todayCharged;
    private double _todayDischarged;
    private double _yesterdayCharged;
    private double _yesterdayDischarged;
    private double _totalCharged;
    private double _totalDischarged;
    private DateOnly _day;
    private long _lastSample;

    /// <param name="localZone">Where midnight is: the TimeProvider's <see cref="TimeProvider.LocalTimeZone"/>.</param>
    public EnergyCounters(TimeZoneInfo localZone)
    {
        ArgumentNullException.ThrowIfNull(localZone);
        _zone = localZone;
    }

    /// <summary>The counters now, for the screens and for <c>EnergyStore.Offer</c>.</summary>
    public EnergyTotals Totals => new(
        _day,
        _todayCharged / JoulesPerWattHour,
        _todayDischarged / JoulesPerWattHour,
        _yesterdayCharged / JoulesPerWattHour,
        _yesterdayDischarged / JoulesPerWattHour,
        _totalCharged / JoulesPerWattHour,
        _totalDischarged / JoulesPerWattHour,
        _lastSample);

    /// <summary>Samples integrated since construction or the last <see cref="Restore"/>.</summary>
    public long SamplesCounted { get; private set; }

    /// <summary>Samples skipped because their power was not a finite number.</summary>
    public long SamplesRejected { get; private set; }

    /// <summary>
    /// Starts from saved counters (before the first sample). Their day is not checked here: the first sample rolls
    /// or relabels it by the usual rules, so a file from yesterday or from the "future" is handled like a clock change.
    /// Negative or non-finite values are taken as 0.
    /// </summary>
    public void Restore(in EnergyTotals saved)
    {
        _day = saved.Day;
        _todayCharged = Joules(saved.TodayChargedWh);
        _todayDischarged = Joules(saved.TodayDischargedWh);
        _yesterdayCharged = Joules(saved.YesterdayChargedWh);
        _yesterdayDischarged = Joules(saved.YesterdayDischargedWh);
        _totalCharged = Joules(saved.TotalChargedWh);
        _totalDischarged = Joules(saved.TotalDischargedWh);
        _lastSample = saved.LastSampleUnixSeconds;
        SamplesCounted = 0;
        SamplesRejected = 0;
    }

    /// <summary>Counts one second of <see cref="SecondSample.PowerWatts"/> (positive = charging). UI thread; allocates nothing.</summary>
    public void OnSecond(in SecondSample sample)
    {
        float watts = sample.PowerWatts;
        if (!float.IsFinite(watts))
        {
            SamplesRejected++;
            return;
        }

        BookTo(LocalDate(sample.UnixSeconds));
        if (watts > 0)
        {
            _todayCharged += watts;
            _totalCharged += watts;
        }
        else if (watts < 0)
        {
            _todayDischarged -= watts;
            _totalDischarged -= watts;
        }

        _lastSample = sample.UnixSeconds;
        SamplesCounted++;
    }

    /// <summary>
    /// Rolls the days at local midnight without counting anything: called every second, so after a silent night
    /// "today" is today's (zero) and "yesterday" is yesterday's, not the figures of the last day that had data.
    /// Nothing happens before the first sample or restore. Allocates nothing.
    /// </summary>
    public void RollTo(long unixSeconds)
    {
        if (_day != default)
        {
            BookTo(LocalDate(unixSeconds));
        }
    }

    /// <summary>The local date of a Unix second in this counter's zone.</summary>
    public DateOnly LocalDate(long unixSeconds)
    {
        var utc = DateTimeOffset.FromUnixTimeSeconds(unixSeconds);
        return DateOnly.FromDateTime(utc.UtcDateTime + _zone.GetUtcOffset(utc));
    }

    private void BookTo(DateOnly date)
    {
        if (date == _day)
        {
            return;
        }

        if (_day == default)
        {
            _day = date;
            return;
        }

        int days = date.DayNumber - _day.DayNumber;
        if (days == 1)
        {
            _yesterdayCharged = _todayCharged;
            _yesterdayDischarged = _todayDischarged;
            _todayCharged = _todayDischarged = 0;
            _day = date;
        }
        else if (days > 1)
        {
            _yesterdayCharged = _yesterdayDischarged = 0;
            _todayCharged = _todayDischarged = 0;
            _day = date;
        }
        else if (days < -1)
        {
            _day = date;
        }

        // days == -1: the clock went back across one midnight; keep booking to _day until it is reached again.
    }

    private static double Joules(double wattHours) =>
        double.IsFinite(wattHours) && wattHours > 0 ? wattHours * JoulesPerWattHour : 0;
}
