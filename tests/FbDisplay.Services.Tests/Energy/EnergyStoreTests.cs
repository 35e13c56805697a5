using System.Buffers;
using System.Text;
using FbDisplay.Core.Energy;
using FbDisplay.Core.History;
using FbDisplay.Services.Energy;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Energy;

public class EnergyStoreTests
{
    private static readonly TimeZoneInfo Berlin = TestZones.Berlin;

    // 2026-06-10 23:10:00 CEST; local midnight is 3000 s later.
    private static readonly long Start = TestZones.UnixSeconds(Berlin, 2026, 6, 10, 23, 10);
    private const int MidnightIndex = 3000;

    [Test]
    public void A_restart_continues_the_uninterrupted_totals_minus_only_the_seconds_not_yet_saved()
    {
        const int Samples = 7200;
        const int KilledAt = 3030; // 30 s after midnight; the last save (at sample 3000) held everything before midnight
        EnergyTotals uninterrupted = RunUninterrupted(Samples);

        using var dir = new TempDirectory();
        var clock1 = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Start), Berlin);
        var store1 = new EnergyStore(dir.Path, clock1);
        var first = new EnergyCounters(Berlin);
        first.Restore(store1.Load());
        store1.Start();
        Run(first, store1, clock1, 0, KilledAt);
        // kill -9: store1 is never disposed and its clock never moves again.
        long savedSamples = KilledAt / 60 * 60;
        Assert.That(store1.Saves, Is.EqualTo(KilledAt / 60));
        Assert.That(KilledAt - savedSamples, Is.InRange(0, 59), "a kill loses less than one save interval");

        var clock2 = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Start + KilledAt), Berlin);
        using var store2 = new EnergyStore(dir.Path, clock2);
        var second = new EnergyCounters(Berlin);
        second.Restore(store2.Load());
        Assert.That(store2.LoadMessage, Is.Null);
        Assert.That(second.Totals.Day, Is.EqualTo(new DateOnly(2026, 6, 10)), "the file was saved before midnight");
        store2.Start();
        Run(second, store2, clock2, KilledAt, Samples);

        double lostWh = 0;
        for (long i = savedSamples; i < KilledAt; i++)
        {
            lostWh += Watts(i) / 3600.0;
        }

        Assert.That(lostWh, Is.GreaterThan(0), "the profile charges in the lost half minute");
        EnergyTotals resumed = second.Totals;
        Assert.That(resumed.Day, Is.EqualTo(uninterrupted.Day));
        Assert.That(resumed.YesterdayChargedWh, Is.EqualTo(uninterrupted.YesterdayChargedWh).Within(1e-9));
        Assert.That(resumed.YesterdayDischargedWh, Is.EqualTo(uninterrupted.YesterdayDischargedWh).Within(1e-9));
        Assert.That(resumed.TodayChargedWh, Is.EqualTo(uninterrupted.TodayChargedWh - lostWh).Within(1e-9));
        Assert.That(resumed.TotalChargedWh, Is.EqualTo(uninterrupted.TotalChargedWh - lostWh).Within(1e-9));
        Assert.That(resumed.TodayDischargedWh, Is.EqualTo(uninterrupted.TodayDischargedWh).Within(1e-9), "nothing discharged in the lost half minute");
        Assert.That(resumed.TotalDischargedWh, Is.EqualTo(uninterrupted.TotalDischargedWh).Within(1e-9));
    }

    [Test]
    public void A_clean_shutdown_loses_nothing()
    {
        const int Samples = 7200;
        const int StoppedAt = 2990; // ten seconds before midnight; restarted at once after it
        EnergyTotals uninterrupted = RunUninterrupted(Samples);

        using var dir = new TempDirectory();
        var clock1 = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Start), Berlin);
        var first = new EnergyCounters(Berlin);
        using (var store1 = new EnergyStore(dir.Path, clock1))
        {
            store1.Start();
            Run(first, store1, clock1, 0, StoppedAt);
        }

        var clock2 = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Start + StoppedAt), Berlin);
        using var store2 = new EnergyStore(dir.Path, clock2);
        var second = new EnergyCounters(Berlin);
        second.Restore(store2.Load());
        Assert.That(second.Totals, Is.EqualTo(first.Totals).Using<EnergyTotals>(Near));
        Run(second, store2, clock2, StoppedAt, Samples);
        Assert.That(second.Totals, Is.EqualTo(uninterrupted).Using<EnergyTotals>(Near));
    }

    [Test]
    public void Saves_happen_at_most_once_a_minute_and_only_when_something_changed()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Start), Berlin);
        using var store = new EnergyStore(dir.Path, clock);
        var counters = new EnergyCounters(Berlin);
        store.Start();
        Run(counters, store, clock, 0, 59);
        Assert.That((store.Saves, File.Exists(store.Path)), Is.EqualTo((0L, false)), "offering alone never touches the disk");
        Run(counters, store, clock, 59, 150);
        Assert.That(store.Saves, Is.EqualTo(2), "at 60 s and 120 s");
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(store.Saves, Is.EqualTo(3), "the offers after 120 s, at 180 s");
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That(store.Saves, Is.EqualTo(3), "nothing new, nothing written");
        Assert.That(Directory.GetFiles(dir.Path), Is.EqualTo(new[] { store.Path }), "no temporary file left behind");
    }

    [Test]
    public void The_system_timer_saves_on_its_own_thread()
    {
        using var dir = new TempDirectory();
        using var store = new EnergyStore(dir.Path, TimeProvider.System, TimeSpan.FromMilliseconds(50));
        store.Start();
        store.Offer(new EnergyTotals(new DateOnly(2026, 6, 10), 1, 2, 3, 4, 5, 6, 7));
        Assert.That(() => store.Saves, Is.EqualTo(1).After(5000, 20));
        Assert.That(EnergyStore.TryParse(File.ReadAllBytes(store.Path), out EnergyTotals read, out _), Is.True);
        Assert.That(read.TotalDischargedWh, Is.EqualTo(6.0));
    }

    [Test]
    public void A_missing_file_starts_at_zero_and_says_so()
    {
        using var dir = new TempDirectory();
        var store = new EnergyStore(dir.File("not-yet"), new ManualTimeProvider(localZone: Berlin));
        Assert.That(store.Load(), Is.EqualTo(default(EnergyTotals)));
        Assert.That(store.LoadMessage, Does.Contain("No energy.json yet"));
    }

    [Test]
    public void An_unreadable_file_starts_at_zero_and_says_so()
    {
        using var dir = new TempDirectory();
        var store = new EnergyStore(dir.Path, new ManualTimeProvider(localZone: Berlin));
        Directory.CreateDirectory(store.Path); // a directory where the file should be: reading it fails
        Assert.That(store.Load(), Is.EqualTo(default(EnergyTotals)));
        Assert.That(store.LoadMessage, Does.StartWith("Could not read energy.json").And.Contain("start at zero"));
    }

    [TestCase("{ \"schema\": 1, \"day\": \"2026-06-", "broken", TestName = "A truncated file is set aside")]
    [TestCase("[1, 2]", "not a JSON object", TestName = "A file that is not an object is set aside")]
    [TestCase("{ \"schema\": 2, \"day\": \"2026-06-10\" }", "schema 2", TestName = "A file of another schema is set aside")]
    [TestCase("{ \"schema\": 1, \"day\": \"10.06.2026\" }", "yyyy-MM-dd", TestName = "A file with a bad day is set aside")]
    [TestCase("{ \"schema\": 1, \"day\": \"2026-06-10\", \"todayChargedWh\": -4 }", "todayChargedWh", TestName = "A file with a negative count is set aside")]
    public void A_broken_file_is_set_aside_and_the_counters_start_at_zero(string content, string reason)
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero), Berlin);
        var store = new EnergyStore(dir.Path, clock);
        File.WriteAllText(store.Path, content);
        Assert.That(store.Load(), Is.EqualTo(default(EnergyTotals)));
        Assert.That(store.LoadMessage, Does.Contain(reason).And.Contain("energy.json.broken-20260610-070000").And.Contain("start at zero"));
        Assert.That(File.Exists(store.Path), Is.False);
        Assert.That(File.ReadAllText(dir.File("energy.json.broken-20260610-070000")), Is.EqualTo(content));
    }

    [Test]
    public void A_file_from_yesterday_rolls_on_the_first_sample_and_one_from_two_days_ago_leaves_yesterday_empty()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(TestZones.UnixSeconds(Berlin, 2026, 6, 10, 8, 0)), Berlin);
        var store = new EnergyStore(dir.Path, clock);
        Save(store, new EnergyTotals(new DateOnly(2026, 6, 9), 5000, 3000, 100, 200, 90_000, 80_000, 0));

        var counters = new EnergyCounters(Berlin);
        counters.Restore(store.Load());
        Assert.That(store.LoadMessage, Is.Null);
        counters.OnSecond(Sample(clock.GetUtcNow().ToUnixTimeSeconds(), 3600f)); // 1 Wh
        EnergyTotals t = counters.Totals;
        Assert.That((t.Day, t.YesterdayChargedWh, t.YesterdayDischargedWh, t.TodayChargedWh, t.TotalChargedWh),
            Is.EqualTo((new DateOnly(2026, 6, 10), 5000.0, 3000.0, 1.0, 90_001.0)));

        Save(store, new EnergyTotals(new DateOnly(2026, 6, 8), 5000, 3000, 100, 200, 90_000, 80_000, 0));
        counters.Restore(store.Load());
        counters.OnSecond(Sample(clock.GetUtcNow().ToUnixTimeSeconds(), 0f));
        t = counters.Totals;
        Assert.That((t.YesterdayChargedWh, t.TodayChargedWh, t.TotalChargedWh, t.TotalDischargedWh), Is.EqualTo((0.0, 0.0, 90_000.0, 80_000.0)));
    }

    [Test]
    public void A_file_from_the_future_is_kept_and_today_counts_on_from_it()
    {
        using var dir = new TempDirectory();
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(TestZones.UnixSeconds(Berlin, 2026, 6, 10, 8, 0)), Berlin);
        var store = new EnergyStore(dir.Path, clock);
        Save(store, new EnergyTotals(new DateOnly(2027, 1, 1), 5000, 3000, 100, 200, 90_000, 80_000, 0));

        var counters = new EnergyCounters(Berlin);
        counters.Restore(store.Load());
        Assert.That(store.LoadMessage, Does.Contain("dated 2027-01-01, after today 2026-06-10"));
        counters.OnSecond(Sample(clock.GetUtcNow().ToUnixTimeSeconds(), 3600f));
        EnergyTotals t = counters.Totals;
        Assert.That((t.Day, t.TodayChargedWh, t.TodayDischargedWh, t.TotalChargedWh),
            Is.EqualTo((new DateOnly(2026, 6, 10), 5001.0, 3000.0, 90_001.0)), "relabelled to today, nothing lost");
    }

    [Test]
    public void A_failed_save_is_reported_and_retried_at_the_next_interval()
    {
        using var dir = new TempDirectory();
        string dataDir = dir.File("data");
        File.WriteAllText(dataDir, "a file where the data directory should be");
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Start), Berlin);
        using var store = new EnergyStore(dataDir, clock);
        store.Start();
        store.Offer(new EnergyTotals(new DateOnly(2026, 6, 10), 1, 2, 3, 4, 5, 6, 7));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That((store.Saves, store.SaveFailures), Is.EqualTo((0L, 1L)));
        Assert.That(store.LastError, Does.StartWith("Could not save energy.json"));

        File.Delete(dataDir);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That((store.Saves, store.SaveFailures, store.LastError), Is.EqualTo((1L, 1L, (string?)null)));
        Assert.That(File.Exists(store.Path), Is.True);
    }

    [Test]
    public void The_file_round_trips_every_double_exactly()
    {
        var totals = new EnergyTotals(new DateOnly(2026, 6, 10), 1500.3430555555556, 1e-7, 0.1 + 0.2, 0, 123_456_789.123_456_7, double.Epsilon, 1_781_128_800);
        var buffer = new ArrayBufferWriter<byte>();
        EnergyStore.Write(buffer, totals, new DateTimeOffset(2026, 6, 10, 21, 0, 0, TimeSpan.Zero));
        string json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.That(json, Does.Contain("\"schema\": 1").And.Contain("\"day\": \"2026-06-10\"").And.Contain("\"savedAt\": \"2026-06-10T21:00:00Z\""));
        Assert.That(EnergyStore.TryParse(buffer.WrittenSpan, out EnergyTotals read, out string? why), Is.True, why);
        Assert.That(read, Is.EqualTo(totals));
    }

    [Test]
    public void Offering_allocates_nothing()
    {
        using var dir = new TempDirectory();
        using var store = new EnergyStore(dir.Path, new ManualTimeProvider(localZone: Berlin));
        var counters = new EnergyCounters(Berlin);
        for (int i = 0; i < 1000; i++)
        {
            counters.OnSecond(Sample(Start + i, 100f));
            store.Offer(counters.Totals);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1000; i < 100_000; i++)
        {
            counters.OnSecond(Sample(Start + i, 100f));
            store.Offer(counters.Totals);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    /// <summary>A profile in whole watts (so sums are exact): charging, then discharging; charges right after midnight.</summary>
    private static float Watts(long i) => i switch
    {
        < 2000 => 1500 + (i % 7 * 100),
        < 3000 => -2000 - (i % 3 * 250),
        < 3100 => 800,
        _ => (i % 11 * 300) - 1500,
    };

    private static EnergyTotals RunUninterrupted(int samples)
    {
        var counters = new EnergyCounters(Berlin);
        for (long i = 0; i < samples; i++)
        {
            counters.OnSecond(Sample(Start + i, Watts(i)));
        }

        Assert.That(counters.Totals.Day, Is.EqualTo(new DateOnly(2026, 6, 11)));
        Assert.That(Start + MidnightIndex, Is.EqualTo(TestZones.UnixSeconds(Berlin, 2026, 6, 11)));
        return counters.Totals;
    }

    /// <summary>What the tick loop and the lead's wiring do each second: count, offer, and let a second pass.</summary>
    private static void Run(EnergyCounters counters, EnergyStore store, ManualTimeProvider clock, long from, long to)
    {
        for (long i = from; i < to; i++)
        {
            Assert.That(clock.GetUtcNow().ToUnixTimeSeconds(), Is.EqualTo(Start + i));
            counters.OnSecond(Sample(Start + i, Watts(i)));
            store.Offer(counters.Totals);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private static void Save(EnergyStore store, in EnergyTotals totals)
    {
        store.Offer(totals);
        Assert.That(store.Flush(), Is.True);
    }

    private static bool Near(EnergyTotals a, EnergyTotals b) =>
        a.Day == b.Day && a.LastSampleUnixSeconds == b.LastSampleUnixSeconds
        && Math.Abs(a.TodayChargedWh - b.TodayChargedWh) < 1e-9 && Math.Abs(a.TodayDischargedWh - b.TodayDischargedWh) < 1e-9
        && Math.Abs(a.YesterdayChargedWh - b.YesterdayChargedWh) < 1e-9 && Math.Abs(a.YesterdayDischargedWh - b.YesterdayDischargedWh) < 1e-9
        && Math.Abs(a.TotalChargedWh - b.TotalChargedWh) < 1e-9 && Math.Abs(a.TotalDischargedWh - b.TotalDischargedWh) < 1e-9;

    private static SecondSample Sample(long unixSeconds, float watts) =>
        new(unixSeconds, 50f, 50f, watts / 50f, watts, 0f, 20, 20, 3300, 3300, 3300);
}
