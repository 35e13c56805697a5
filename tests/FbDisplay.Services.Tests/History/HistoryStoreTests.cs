using System.Globalization;
using FbDisplay.Core.History;
using FbDisplay.Services.History;
using FbDisplay.TestSupport;
using Microsoft.Data.Sqlite;

namespace FbDisplay.Services.Tests.History;

public class HistoryStoreTests
{
    internal const long Day0 = 1_700_000_000 - (1_700_000_000 % 86_400); // a UTC midnight

    /// <summary>A plausible solar day: SOC rises by day, power swings, cells drift with it.</summary>
    internal static SecondSample Sample(long t)
    {
        double day = (t % 86_400) / 86_400.0;
        double sun = Math.Max(0, Math.Sin((day - 0.25) * 2 * Math.PI));
        float watts = (float)((2500 * sun) - 900 + (300 * Math.Sin(t / 37.0))); // charging +, discharging − (the manual's log)
        float soc = (float)(40 + (45 * sun) + ((t % 10) / 10.0));
        float volts = (float)(46 + (soc / 20));
        int low = 3700 + (int)(soc * 4);
        return new SecondSample(t, soc, volts, watts / volts, watts, -120.5f + (float)(day * 50), 25 + (int)(8 * sun), 20, low, low + 15 + (int)(t % 20), low + 8);
    }

    internal static HistoryOptions Options(string dir) => new()
    {
        DataDirectory = dir,
        BatchInterval = TimeSpan.FromMilliseconds(20),
        FreeBytes = _ => long.MaxValue,
    };

    internal static async Task FillAsync(string dir, long from, long count, long every = 1)
    {
        await using var store = new HistoryStore(Options(dir) with { QueueCapacity = 1_000_000, BatchRows = 5000 }, TimeProvider.System);
        store.Start();
        for (long i = 0; i < count; i++)
        {
            store.TryAdd(Sample(from + (i * every)));
        }
    }

    [Test]
    public async Task Seconds_come_back_as_written_at_the_stored_precision()
    {
        using var dir = new TempDirectory();
        var s = new SecondSample(Day0, 55.56f, 48.26f, -34.567f, -1397.4f, -1415.706f, 36, 30, 3901, 3950, 3925);
        await using (var store = new HistoryStore(Options(dir.Path), TimeProvider.System))
        {
            store.Start();
            store.TryAdd(s);
            store.TryAdd(s with { UnixSeconds = Day0 + 1, PowerWatts = 12 });
        }

        await using var reader = new HistoryStore(Options(dir.Path), TimeProvider.System);
        SecondSample[] back = [.. reader.ReadSeconds(Day0, Day0 + 10)];
        Assert.That(back, Has.Length.EqualTo(2));
        Assert.That(back[0], Is.EqualTo(new SecondSample(Day0, 55.6f, 48.3f, -34.57f, -1397, -1415.71f, 36, 30, 3901, 3950, 3925)));
        Assert.That(back[1].PowerWatts, Is.EqualTo(12));
    }

    [Test]
    public async Task Minute_and_hour_rollups_agree_with_the_seconds_they_summarise()
    {
        using var dir = new TempDirectory();
        const int n = 3 * 3600;
        await FillAsync(dir.Path, Day0 + 40_000, n);
        await using var store = new HistoryStore(Options(dir.Path), TimeProvider.System);
        store.Start();

        // 3 hours in 180 points: minute buckets. The same span at 12 points: hour-sized buckets from the hour table.
        HistorySeries minutes = store.Query(Day0 + 40_000, Day0 + 40_000 + n - 1, 200);
        HistorySeries raw = store.Query(Day0 + 40_000, Day0 + 40_000 + n - 1, n);
        HistorySeries hours = store.Query(Day0 + 39_600, Day0 + 39_600 + (4 * 3600) - 1, 6);
        Assert.Multiple(() =>
        {
            Assert.That(minutes.Source, Is.EqualTo(HistoryResolution.Minutes));
            Assert.That(raw.Source, Is.EqualTo(HistoryResolution.Seconds));
            Assert.That(raw.StepSeconds, Is.EqualTo(1));
            Assert.That(raw.Buckets, Has.Count.EqualTo(n));
            Assert.That(hours.Source, Is.EqualTo(HistoryResolution.Hours));
            Assert.That(minutes.Buckets.Sum(b => b.Count), Is.EqualTo(n));
            Assert.That(hours.Buckets.Sum(b => b.Count), Is.EqualTo(n));
        });

        foreach (HistoryBucket b in minutes.Buckets)
        {
            HistoryBucket[] inside = [.. raw.Buckets.Where(r => r.StartUnixSeconds >= b.StartUnixSeconds && r.StartUnixSeconds < b.StartUnixSeconds + minutes.StepSeconds)];
            Assert.That(b.Count, Is.EqualTo(inside.Length));
            Assert.That(b.SocMin, Is.EqualTo(inside.Min(r => r.SocMin)));
            Assert.That(b.SocMax, Is.EqualTo(inside.Max(r => r.SocMax)));
            Assert.That(b.WattsAverage, Is.EqualTo(inside.Average(r => r.WattsAverage)).Within(0.01));
            Assert.That(b.VoltsAverage, Is.EqualTo(inside.Average(r => r.VoltsAverage)).Within(0.001));
            Assert.That(b.MaxTempMax, Is.EqualTo(inside.Max(r => r.MaxTempMax)));
            Assert.That(b.CellLowMillivolts, Is.EqualTo(inside.Min(r => r.CellLowMillivolts)));
            Assert.That(b.CellHighMillivolts, Is.EqualTo(inside.Max(r => r.CellHighMillivolts)));
            Assert.That(b.SpreadMaxMillivolts, Is.EqualTo(inside.Max(r => r.SpreadMaxMillivolts)));
            Assert.That(b.SpreadAverageMillivolts, Is.EqualTo(inside.Average(r => r.SpreadAverageMillivolts)).Within(0.001));
        }
    }

    [Test]
    public async Task A_second_stored_twice_is_kept_once_and_counted_once_in_the_rollups()
    {
        using var dir = new TempDirectory();
        await FillAsync(dir.Path, Day0, 120);
        await using (var again = new HistoryStore(Options(dir.Path), TimeProvider.System))
        {
            again.Start();
            for (long t = Day0 + 60; t < Day0 + 180; t++)
            {
                again.TryAdd(Sample(t));
            }

            await again.DisposeAsync();
            Assert.That(again.RowsDuplicate, Is.EqualTo(60));
            Assert.That(again.RowsWritten, Is.EqualTo(60));
        }

        await using var store = new HistoryStore(Options(dir.Path), TimeProvider.System);
        HistorySeries s = store.Query(Day0, Day0 + 3599, 10);
        Assert.That(s.Buckets.Sum(b => b.Count), Is.EqualTo(180));
    }

    [TestCase(60, 700, HistoryResolution.Seconds, 1)]
    [TestCase(700, 700, HistoryResolution.Seconds, 1)]
    [TestCase(3600, 700, HistoryResolution.Seconds, 6)]
    [TestCase(86_400, 700, HistoryResolution.Minutes, 180)]
    [TestCase(4 * 86_400, 700, HistoryResolution.Minutes, 540)]
    [TestCase(30 * 86_400, 700, HistoryResolution.Minutes, 3720)]
    [TestCase(365 * 86_400, 700, HistoryResolution.Hours, 46_800)]
    public void The_step_is_the_finest_that_fits_the_points(long span, int points, HistoryResolution source, int step)
    {
        Assert.That(HistoryStore.ChooseStep(span, points), Is.EqualTo((source, step)));
    }

    [Test]
    public async Task No_query_answers_with_more_buckets_than_asked()
    {
        using var dir = new TempDirectory();
        await FillAsync(dir.Path, Day0, 3 * 86_400 / 30, every: 30);
        await using var store = new HistoryStore(Options(dir.Path), TimeProvider.System);
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            long from = Day0 - 3600 + random.Next(86_400);
            long to = from + random.Next(1, 3 * 86_400);
            int points = random.Next(2, 1000);
            HistorySeries s = store.Query(from, to, points);
            Assert.That(s.Buckets, Has.Count.LessThanOrEqualTo(points), $"{from}..{to} at {points}: step {s.StepSeconds} from {s.Source}");
            Assert.That(s.Buckets.Select(b => b.StartUnixSeconds), Is.Ordered.Ascending);
        }
    }

    [TestCase(long.MinValue, long.MaxValue)]
    [TestCase(long.MaxValue, long.MinValue)]
    [TestCase(long.MinValue, long.MinValue + 10)]
    [TestCase(long.MaxValue - 10, long.MaxValue)]
    [TestCase(-1, long.MaxValue)]
    public async Task Ranges_at_the_ends_of_long_are_clamped_before_any_arithmetic(long from, long to)
    {
        using var dir = new TempDirectory();
        await FillAsync(dir.Path, Day0, 3 * 86_400 / 30, every: 30);
        await using var store = new HistoryStore(Options(dir.Path), TimeProvider.System);
        HistorySeries s = store.Query(from, to, 700);
        Assert.That(s.Buckets, Has.Count.LessThanOrEqualTo(700));
        Assert.That(s.FromUnixSeconds, Is.InRange(0, HistoryStore.LastUnixSecond));
        Assert.That(s.ToUnixSeconds, Is.InRange(s.FromUnixSeconds, HistoryStore.LastUnixSecond));
        Assert.That(s.StepSeconds, Is.Positive);
        Assert.That(store.ReadSeconds(from, to).Take(10_000).Count(), Is.LessThanOrEqualTo(3 * 86_400 / 30));
    }

    [Test]
    public async Task Rings_are_rebuilt_from_stored_seconds()
    {
        using var dir = new TempDirectory();
        long now = Day0 + 50_000;
        await FillAsync(dir.Path, now - 7200, 7201);
        await using var store = new HistoryStore(Options(dir.Path), TimeProvider.System);
        var soc = new BarHistory();
        var power = new BarHistory();
        int n = HistoryStore.RebuildRings(store, soc, power, now);
        var bars = new Bar[4];
        power.ReadBars(1, now, bars);
        Assert.That(n, Is.EqualTo(7201));
        Assert.That(soc.LastSecond, Is.EqualTo(now));
        Assert.That(bars[^1].Average, Is.EqualTo(MathF.Round(Sample(now).PowerWatts)));
    }

    [Test]
    public async Task A_file_that_is_not_a_database_is_set_aside_and_a_fresh_history_started()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File(HistoryOptions.FileName), [.. Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))]);
        var messages = new List<string>();
        await using (var store = new HistoryStore(Options(dir.Path), TimeProvider.System, m => messages.Add(m)))
        {
            store.Start();
            store.TryAdd(Sample(Day0));
            await store.DisposeAsync();
            Assert.That(store.SetAsideCount, Is.EqualTo(1));
            Assert.That(store.RowsWritten, Is.EqualTo(1));
        }

        Assert.That(messages, Has.Some.Contains("moved to history.db.corrupt-"));
        Assert.That(Directory.GetFiles(dir.Path, "history.db.corrupt-*"), Has.Length.EqualTo(1));
        Assert.That(IntegrityCheck(dir.File(HistoryOptions.FileName)), Is.EqualTo("ok"));
    }

    [Test]
    public async Task A_database_with_damaged_pages_is_set_aside_when_it_is_found()
    {
        using var dir = new TempDirectory();
        await FillAsync(dir.Path, Day0, 20_000);
        string path = dir.File(HistoryOptions.FileName);
        using (var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            // Page 1 stays (the header), the schema and table b-trees are overwritten with garbage.
            f.Position = 4096;
            f.Write([.. Enumerable.Repeat((byte)0xA5, 16 * 4096)]);
        }

        await using var store = new HistoryStore(Options(dir.Path), TimeProvider.System);
        store.Start();
        store.TryAdd(Sample(Day0 + 30_000));
        await store.DisposeAsync();
        Assert.That(store.SetAsideCount, Is.EqualTo(1), store.LastError);
        Assert.That(IntegrityCheck(path), Is.EqualTo("ok"));
        Assert.That(store.ReadSeconds(0, long.MaxValue).Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Seconds_older_than_the_retention_are_deleted_with_their_rollups()
    {
        using var dir = new TempDirectory();
        await FillAsync(dir.Path, Day0, 10 * 24 * 60, every: 60); // ten days, one row a minute
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Day0 + (10 * 86_400)));
        await using var store = new HistoryStore(Options(dir.Path) with { RetentionDays = 3 }, clock);
        store.Start();
        await Eventually.TrueAsync(() => store.RowsPruned > 0);
        await store.DisposeAsync();

        // Age counts from the newest stored second when the clock is ahead of it.
        long cutoff = Day0 + (10 * 86_400) - 60 - (3 * 86_400);
        Assert.That(store.ReadSeconds(0, long.MaxValue).Min(s => s.UnixSeconds), Is.EqualTo(cutoff));
        Assert.That(store.RowsPruned, Is.EqualTo((7 * 24 * 60) - 1));
        HistorySeries minutes = store.Query(Day0, Day0 + (11 * 86_400), 2000);
        Assert.That(minutes.Source, Is.EqualTo(HistoryResolution.Minutes));
        Assert.That(minutes.Buckets.Sum(b => b.Count), Is.EqualTo((3 * 24 * 60) + 1));
        Assert.That(minutes.Buckets.Min(b => b.StartUnixSeconds), Is.GreaterThanOrEqualTo(cutoff - minutes.StepSeconds));

        // The hour that straddles the cutoff stays whole until all of it is older.
        HistorySeries hours = store.Query(Day0, Day0 + (11 * 86_400), 20);
        Assert.That(hours.Buckets.Sum(b => b.Count), Is.InRange((3 * 24 * 60) + 1, (3 * 24 * 60) + 60));
    }

    [Test]
    public async Task A_clock_far_ahead_does_not_wipe_the_history()
    {
        using var dir = new TempDirectory();
        await FillAsync(dir.Path, Day0, 100);
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Day0 + (50L * 365 * 86_400)));
        await using var store = new HistoryStore(Options(dir.Path) with { RetentionDays = 3 }, clock);
        store.Start();
        await store.DisposeAsync();
        Assert.That(store.ReadSeconds(0, long.MaxValue).Count(), Is.EqualTo(100));
    }

    [Test]
    public async Task Low_disk_space_deletes_the_oldest_days_but_keeps_the_last()
    {
        using var dir = new TempDirectory();
        await FillAsync(dir.Path, Day0, 5 * 24 * 60, every: 60);
        long newest = Day0 + (5 * 86_400) - 60;
        var clock = new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(newest + 1));
        await using var store = new HistoryStore(Options(dir.Path) with { FreeBytes = _ => 0 }, clock);
        store.Start();
        await Eventually.TrueAsync(() => store.RowsPruned > 0);
        await store.DisposeAsync();
        long oldest = store.ReadSeconds(0, long.MaxValue).Min(s => s.UnixSeconds);
        Assert.That(oldest, Is.GreaterThanOrEqualTo(newest - (2 * 86_400)).And.LessThanOrEqualTo(newest - 86_400 + 60));
        HistorySeries hours = store.Query(Day0, newest, 10);
        Assert.That(hours.Source, Is.EqualTo(HistoryResolution.Hours));
        Assert.That(hours.Buckets.Sum(b => b.Count), Is.EqualTo(5 * 24 * 60), "the hour rollups are kept");
    }

    [Test]
    public async Task A_history_that_cannot_be_written_never_blocks_the_caller_and_counts_what_it_drops()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File(HistoryOptions.FileName)); // a directory where the file should be
        var messages = new List<string>();
        await using var store = new HistoryStore(Options(dir.Path) with { QueueCapacity = 100, BatchRows = 10 }, TimeProvider.System, m => { lock (messages) { messages.Add(m); } });
        store.Start();
        long started = TimeProvider.System.GetTimestamp();
        for (int i = 0; i < 10_000; i++)
        {
            store.TryAdd(Sample(Day0 + i));
        }

        Assert.That(TimeProvider.System.GetElapsedTime(started), Is.LessThan(TimeSpan.FromSeconds(1)));
        await Eventually.TrueAsync(() => store.RowsDropped > 0 && store.Failures > 0);
        Assert.That(store.LastError, Does.Contain(HistoryOptions.FileName));
        Assert.That(store.RowsWritten, Is.Zero);
    }

    [Test]
    public async Task The_store_survives_repeated_kill_9_mid_write_with_every_committed_second()
    {
        using var dir = new TempDirectory();
        string path = dir.File(HistoryOptions.FileName);
        long lastCommitted = Day0 - 1;
        var random = new Random(42);
        string childOutput = "";
        for (int round = 0; round < 10; round++)
        {
            using (var child = ChildProcess.StartDll("fbdisplay-history-writer.dll", [dir.Path, Day0.ToString(CultureInfo.InvariantCulture)]))
            {
                string ready = await child.WaitForLineAsync("ready ", TimeSpan.FromSeconds(30));
                Assert.That(long.Parse(ready["ready ".Length..], CultureInfo.InvariantCulture), Is.EqualTo(lastCommitted + 1), "continues after the last second stored");
                long startedAt = lastCommitted;
                await Eventually.TrueAsync(() => Committed(child) > startedAt + 1000, 30);
                await Task.Delay(random.Next(0, 60));
                child.Kill();
                lastCommitted = Math.Max(lastCommitted, Committed(child));
                childOutput = string.Join('\n', child.Lines.Where(l => !l.StartsWith("committed", StringComparison.Ordinal)));
            }

            Assert.That(IntegrityCheck(path), Is.EqualTo("ok"), $"round {round}");
            using var c = new SqliteConnection($"Data Source={path};Pooling=False");
            c.Open();
            long min = Scalar(c, "SELECT min(t) FROM seconds");
            long max = Scalar(c, "SELECT max(t) FROM seconds");
            long count = Scalar(c, "SELECT count(*) FROM seconds");
            long firstGapAfter = count == max - min + 1 ? 0 : Scalar(c, "SELECT min(t) FROM seconds s WHERE t < (SELECT max(t) FROM seconds) AND NOT EXISTS (SELECT 1 FROM seconds n WHERE n.t = s.t + 1)");
            long gapEnd = firstGapAfter == 0 ? 0 : Scalar(c, $"SELECT min(t) FROM seconds WHERE t > {firstGapAfter}");
            Assert.Multiple(() =>
            {
                Assert.That(min, Is.EqualTo(Day0));
                Assert.That(max, Is.GreaterThanOrEqualTo(lastCommitted), "every second reported committed is there");
                Assert.That(count, Is.EqualTo(max - min + 1), $"no holes (round {round}; gap after {firstGapAfter - Day0} to {gapEnd - Day0}, last committed {lastCommitted - Day0}; writer said: {childOutput})");
                Assert.That(Scalar(c, "SELECT sum(n) FROM minutes"), Is.EqualTo(count), "minute rollups in step with the seconds");
                Assert.That(Scalar(c, "SELECT sum(n) FROM hours"), Is.EqualTo(count), "hour rollups in step with the seconds");
            });
            lastCommitted = max;
        }
    }

    private static long Committed(ChildProcess child) =>
        child.Lines.Where(l => l.StartsWith("committed ", StringComparison.Ordinal))
            .Select(l => long.Parse(l["committed ".Length..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(long.MinValue).Max();

    internal static string IntegrityCheck(string path)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check";
        return (string)cmd.ExecuteScalar()!;
    }

    private static long Scalar(SqliteConnection c, string sql)
    {
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
