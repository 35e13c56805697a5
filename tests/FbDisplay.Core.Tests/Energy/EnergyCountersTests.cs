using FbDisplay.Core.Energy;
using FbDisplay.Core.History;
using FbDisplay.TestSupport;

namespace FbDisplay.Core.Tests.Energy;

public class EnergyCountersTests
{
    private static readonly TimeZoneInfo Berlin = TestZones.Berlin;

    // 2026-06-10 12:00 CEST (+2) = 10:00 UTC.
    private static readonly long Noon = new DateTimeOffset(2026, 6, 10, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Test]
    public void An_hour_at_plus_1000_watts_is_exactly_one_kilowatt_hour_charged()
    {
        var c = new EnergyCounters(Berlin);
        Feed(c, Noon, 3600, 1000f);
        EnergyTotals t = c.Totals;
        Assert.That(t.TodayChargedKWh, Is.EqualTo(1.0));
        Assert.That(t.TotalChargedKWh, Is.EqualTo(1.0));
        Assert.That(t.TodayDischargedKWh, Is.Zero);
        Assert.That(t.YesterdayChargedKWh, Is.Zero);
        Assert.That(t.Day, Is.EqualTo(new DateOnly(2026, 6, 10)));
        Assert.That(t.LastSampleUnixSeconds, Is.EqualTo(Noon + 3599));
        Assert.That(c.SamplesCounted, Is.EqualTo(3600));
    }

    [Test]
    public void A_mixed_profile_matches_the_hand_computed_integral()
    {
        // Charged:    1800 s x 2000 W = 3 600 000 J = 1.000 kWh
        //             1200 s x 1500 W = 1 800 000 J = 0.500 kWh
        //               10 s x 123.5 W =     1 235 J = 0.000 343 055... kWh
        //             sum 5 401 235 J = 5 401 235 / 3 600 000 kWh = 1.500 343 055 5... kWh
        // Discharged:  900 s x 4000 W = 3 600 000 J = 1.000 kWh
        //               60 s x  600 W =    36 000 J = 0.010 kWh
        //             sum 3 636 000 J = 1.010 kWh
        // Idle:        300 s x 0 W counts nowhere.
        var c = new EnergyCounters(Berlin);
        long s = Noon;
        s = Feed(c, s, 1800, 2000f);
        s = Feed(c, s, 900, -4000f);
        s = Feed(c, s, 300, 0f);
        s = Feed(c, s, 1200, 1500f);
        s = Feed(c, s, 60, -600f);
        Feed(c, s, 10, 123.5f);
        EnergyTotals t = c.Totals;
        Assert.That(t.TodayChargedKWh, Is.EqualTo(5_401_235.0 / 3_600_000).Within(1e-12));
        Assert.That(t.TodayDischargedKWh, Is.EqualTo(1.010).Within(1e-12));
        Assert.That(t.TodayChargedWh, Is.EqualTo(1500.3430555555).Within(1e-9));
        Assert.That(t.TotalChargedKWh, Is.EqualTo(t.TodayChargedKWh));
        Assert.That(t.TotalDischargedKWh, Is.EqualTo(t.TodayDischargedKWh));
    }

    [Test]
    public void Local_midnight_moves_today_to_yesterday()
    {
        var c = new EnergyCounters(Berlin);
        long lateEvening = TestZones.UnixSeconds(Berlin, 2026, 6, 10, 23, 0, 0);
        Assert.That(lateEvening, Is.EqualTo(new DateTimeOffset(2026, 6, 10, 21, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()), "23:00 CEST is 21:00 UTC");
        long midnight = Feed(c, lateEvening, 3600, 1000f); // 23:00:00 .. 23:59:59 local
        Assert.That(c.Totals.Day, Is.EqualTo(new DateOnly(2026, 6, 10)), "23:59:59 is still the 10th");
        Assert.That(c.Totals.TodayChargedKWh, Is.EqualTo(1.0));

        Feed(c, midnight, 1800, -2000f); // 00:00:00 .. 00:29:59 of the 11th: 1800 x 2000 J = 1 kWh
        EnergyTotals t = c.Totals;
        Assert.That(t.Day, Is.EqualTo(new DateOnly(2026, 6, 11)));
        Assert.That(t.YesterdayChargedKWh, Is.EqualTo(1.0));
        Assert.That(t.YesterdayDischargedKWh, Is.Zero);
        Assert.That(t.TodayChargedKWh, Is.Zero);
        Assert.That(t.TodayDischargedKWh, Is.EqualTo(1.0));
        Assert.That((t.TotalChargedKWh, t.TotalDischargedKWh), Is.EqualTo((1.0, 1.0)));
    }

    [Test]
    public void The_day_is_local_not_utc()
    {
        // 01:30 local on the 11th is 23:30 UTC on the 10th: it belongs to the 11th.
        var c = new EnergyCounters(Berlin);
        Feed(c, TestZones.UnixSeconds(Berlin, 2026, 6, 10, 23, 30), 1, 100f);
        Feed(c, new DateTimeOffset(2026, 6, 10, 23, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds(), 1, 100f);
        Assert.That(c.Totals.Day, Is.EqualTo(new DateOnly(2026, 6, 11)));
        Assert.That(c.Totals.YesterdayChargedWh, Is.EqualTo(100.0 / 3600).Within(1e-12));
    }

    [Test]
    public void A_jump_forward_by_hours_within_the_day_counts_only_the_seconds_sampled()
    {
        var c = new EnergyCounters(Berlin);
        Feed(c, Noon, 1800, 2000f);
        Feed(c, Noon + (5 * 3600), 1800, 2000f); // NTP moved the clock 5 h on: those hours were never sampled
        Assert.That(c.Totals.TodayChargedKWh, Is.EqualTo(2.0));
        Assert.That(c.Totals.Day, Is.EqualTo(new DateOnly(2026, 6, 10)));
    }

    [Test]
    public void A_jump_forward_by_hours_across_midnight_rolls_once()
    {
        var c = new EnergyCounters(Berlin);
        Feed(c, TestZones.UnixSeconds(Berlin, 2026, 6, 10, 22, 0), 1800, 2000f);
        Feed(c, TestZones.UnixSeconds(Berlin, 2026, 6, 11, 4, 0), 900, -4000f);
        EnergyTotals t = c.Totals;
        Assert.That(t.Day, Is.EqualTo(new DateOnly(2026, 6, 11)));
        Assert.That((t.YesterdayChargedKWh, t.TodayDischargedKWh, t.TodayChargedKWh), Is.EqualTo((1.0, 1.0, 0.0)));
    }

    [Test]
    public void A_jump_forward_by_days_leaves_yesterday_empty_and_keeps_the_totals()
    {
        var c = new EnergyCounters(Berlin);
        Feed(c, Noon, 1800, 2000f);
        Feed(c, Noon + (3 * 86400), 900, -4000f);
        EnergyTotals t = c.Totals;
        Assert.That(t.Day, Is.EqualTo(new DateOnly(2026, 6, 13)));
        Assert.That((t.YesterdayChargedKWh, t.YesterdayDischargedKWh), Is.EqualTo((0.0, 0.0)), "nothing was measured on the 12th");
        Assert.That((t.TodayChargedKWh, t.TodayDischargedKWh), Is.EqualTo((0.0, 1.0)));
        Assert.That((t.TotalChargedKWh, t.TotalDischargedKWh), Is.EqualTo((1.0, 1.0)));
    }

    [Test]
    public void A_clock_set_back_an_hour_within_the_day_loses_nothing()
    {
        var c = new EnergyCounters(Berlin);
        long s = Feed(c, Noon, 1800, 2000f);
        Feed(c, s - 3600, 1800, 2000f); // the same wall-clock half hour again: still real energy
        Assert.That(c.Totals.TodayChargedKWh, Is.EqualTo(2.0));
        Assert.That(c.Totals.TotalChargedKWh, Is.EqualTo(2.0));
    }

    [Test]
    public void A_clock_set_back_an_hour_across_midnight_keeps_counting_into_today_without_a_roll()
    {
        var c = new EnergyCounters(Berlin);
        Feed(c, TestZones.UnixSeconds(Berlin, 2026, 6, 10, 23, 0), 1800, 2000f);        // 1 kWh on the 10th
        long afterMidnight = TestZones.UnixSeconds(Berlin, 2026, 6, 11, 0, 0);
        Feed(c, afterMidnight, 900, -4000f);                                             // 1 kWh out on the 11th
        Feed(c, afterMidnight - 1800, 900, -4000f);                                      // back to 23:30 on the 10th
        EnergyTotals t = c.Totals;
        Assert.That(t.Day, Is.EqualTo(new DateOnly(2026, 6, 11)), "no roll backwards");
        Assert.That((t.YesterdayChargedKWh, t.TodayDischargedKWh), Is.EqualTo((1.0, 2.0)), "yesterday kept, the repeated half hour counted into today");

        Feed(c, afterMidnight, 60, -600f);                                               // the 11th again: still today
        Assert.That(c.Totals.TodayDischargedKWh, Is.EqualTo(2.01).Within(1e-12));
        Feed(c, TestZones.UnixSeconds(Berlin, 2026, 6, 12, 0, 0), 1, 0f);               // next midnight rolls as usual
        Assert.That((c.Totals.Day, c.Totals.YesterdayDischargedKWh), Is.EqualTo((new DateOnly(2026, 6, 12), 2.01)).Using<(DateOnly, double)>(Near));
    }

    [Test]
    public void A_clock_set_back_by_days_relabels_today_and_rolls_again_at_the_next_midnight()
    {
        var c = new EnergyCounters(Berlin);
        Feed(c, Noon + (30 * 86400), 1800, 2000f); // the clock was a month ahead: 1 kWh booked to July 10th
        Feed(c, Noon, 1800, 2000f);                // corrected to June 10th
        Assert.That((c.Totals.Day, c.Totals.TodayChargedKWh), Is.EqualTo((new DateOnly(2026, 6, 10), 2.0)), "relabelled, nothing lost");
        Feed(c, TestZones.UnixSeconds(Berlin, 2026, 6, 11, 0, 0), 1, 0f);
        Assert.That((c.Totals.Day, c.Totals.YesterdayChargedKWh, c.Totals.TotalChargedKWh), Is.EqualTo((new DateOnly(2026, 6, 11), 2.0, 2.0)));
    }

    [TestCase(2026, 3, 29, 23, TestName = "Spring forward day has 23 hours and rolls at local midnight")]
    [TestCase(2026, 10, 25, 25, TestName = "Fall back day has 25 hours and rolls at local midnight")]
    public void A_daylight_saving_day_is_counted_whole(int year, int month, int day, int hours)
    {
        var c = new EnergyCounters(Berlin);
        long start = TestZones.UnixSeconds(Berlin, year, month, day);
        long end = TestZones.UnixSeconds(Berlin, year, month, day + 1);
        Assert.That(end - start, Is.EqualTo(hours * 3600));
        Feed(c, start - 1, 1, 0f); // 23:59:59 the day before
        long next = Feed(c, start, (int)(end - start), 1000f); // every second of the local day at 1 kW
        Assert.That(next, Is.EqualTo(end));
        Assert.That((c.Totals.Day, c.Totals.TodayChargedKWh), Is.EqualTo((new DateOnly(year, month, day), (double)hours)));

        Feed(c, end, 1, 0f);
        Assert.That((c.Totals.Day, c.Totals.YesterdayChargedKWh, c.Totals.TodayChargedKWh), Is.EqualTo((new DateOnly(year, month, day + 1), (double)hours, 0.0)));
    }

    [Test]
    public void The_spring_forward_instants_are_the_hand_computed_ones()
    {
        // 2026-03-29 00:00 CET (+1) = 03-28 23:00 UTC; 2026-03-30 00:00 CEST (+2) = 03-29 22:00 UTC: 23 h apart.
        Assert.That(TestZones.UnixSeconds(Berlin, 2026, 3, 29), Is.EqualTo(new DateTimeOffset(2026, 3, 28, 23, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));
        Assert.That(TestZones.UnixSeconds(Berlin, 2026, 3, 30), Is.EqualTo(new DateTimeOffset(2026, 3, 29, 22, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds()));
    }

    [Test]
    public void Restored_counters_from_yesterday_roll_on_the_first_sample()
    {
        var c = new EnergyCounters(Berlin);
        c.Restore(new EnergyTotals(new DateOnly(2026, 6, 9), 5000, 3000, 1, 2, 90_000, 80_000, Noon - 86400));
        Feed(c, Noon, 3600, 1000f);
        EnergyTotals t = c.Totals;
        Assert.That(t.Day, Is.EqualTo(new DateOnly(2026, 6, 10)));
        Assert.That((t.YesterdayChargedWh, t.YesterdayDischargedWh), Is.EqualTo((5000.0, 3000.0)));
        Assert.That((t.TodayChargedWh, t.TotalChargedWh, t.TotalDischargedWh), Is.EqualTo((1000.0, 91_000.0, 80_000.0)));
    }

    [Test]
    public void Restored_nonsense_is_taken_as_zero()
    {
        var c = new EnergyCounters(Berlin);
        c.Restore(new EnergyTotals(new DateOnly(2026, 6, 10), double.NaN, -5, double.PositiveInfinity, 0, 7, 8, 0));
        EnergyTotals t = c.Totals;
        Assert.That((t.TodayChargedWh, t.TodayDischargedWh, t.YesterdayChargedWh, t.TotalChargedWh), Is.EqualTo((0.0, 0.0, 0.0, 7.0)));
    }

    [Test]
    public void A_power_that_is_not_a_number_is_not_counted()
    {
        var c = new EnergyCounters(Berlin);
        c.OnSecond(Sample(Noon, float.NaN));
        c.OnSecond(Sample(Noon + 1, float.PositiveInfinity));
        Assert.That((c.SamplesRejected, c.SamplesCounted, c.Totals.HasDay), Is.EqualTo((2L, 0L, false)));
    }

    [Test]
    public void Counting_a_second_and_reading_the_totals_allocate_nothing()
    {
        var c = new EnergyCounters(Berlin);
        Feed(c, Noon, 100, 1000f); // JIT warm-up
        EnergyTotals sink = default;
        long before = GC.GetAllocatedBytesForCurrentThread();
        long s = Noon + 100;
        for (int i = 0; i < 3 * 86400; i++) // three local midnights
        {
            c.OnSecond(Sample(s++, (i % 7) - 3));
            sink = c.Totals;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(sink.Day, Is.EqualTo(new DateOnly(2026, 6, 13)));
    }

    [Test]
    public void A_silent_night_still_rolls_the_day_at_local_midnight()
    {
        var c = new EnergyCounters(Berlin);
        long evening = new DateTimeOffset(2026, 6, 10, 20, 0, 0, TimeSpan.FromHours(2)).ToUnixTimeSeconds();
        Feed(c, evening, 3600, 1000f); // 1 kWh, then the controller goes quiet
        long morning = new DateTimeOffset(2026, 6, 11, 6, 0, 0, TimeSpan.FromHours(2)).ToUnixTimeSeconds();
        c.RollTo(morning);
        EnergyTotals t = c.Totals;
        Assert.That(t.Day, Is.EqualTo(new DateOnly(2026, 6, 11)));
        Assert.That(t.TodayChargedKWh, Is.Zero);
        Assert.That(t.YesterdayChargedKWh, Is.EqualTo(1.0));
        Assert.That(t.TotalChargedKWh, Is.EqualTo(1.0));

        var fresh = new EnergyCounters(Berlin);
        fresh.RollTo(morning);
        Assert.That(fresh.Totals.HasDay, Is.False, "nothing counted yet: no day to roll");
    }

    private static bool Near((DateOnly Day, double KWh) a, (DateOnly Day, double KWh) b) => a.Day == b.Day && Math.Abs(a.KWh - b.KWh) < 1e-12;

    private static SecondSample Sample(long unixSeconds, float watts) =>
        new(unixSeconds, 50f, 50f, watts / 50f, watts, 0f, 20, 20, 3300, 3300, 3300);

    /// <summary>Feeds one sample per second from <paramref name="from"/>; returns the next second.</summary>
    private static long Feed(EnergyCounters c, long from, int seconds, float watts)
    {
        for (int i = 0; i < seconds; i++)
        {
            c.OnSecond(Sample(from + i, watts));
        }

        return from + seconds;
    }
}
