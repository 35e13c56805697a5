using BenchmarkDotNet.Attributes;
using FbDisplay.Core.History;
using FbDisplay.Services.History;

namespace FbDisplay.Benchmarks;

/// <summary>
/// history.db (issue 7): insert rate through the store's batched writer, and the time to answer the web page's graph
/// query (700 points) over 4 and 30 days from a database holding 30 days of per-second rows. Budget: 100 ms per query.
/// The 30-day file (2.6 M rows) is generated once into the temp folder and reused by later runs; its size per day is
/// printed by the setup.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class HistoryBenchmarks
{
    private const int Days = 30;
    private const int InsertBatch = 20_000;
    private static readonly long End = 1_760_000_000 - (1_760_000_000 % 86_400);
    private readonly string _insertDir = Path.Combine(Path.GetTempPath(), $"fbdisplay-bench-insert-{Guid.NewGuid():N}");
    private HistoryStore _full = null!;
    private HistoryStore _insert = null!;
    private long _next = End;

    [GlobalSetup]
    public void Setup()
    {
        string dir = Path.Combine(Path.GetTempPath(), "fbdisplay-bench-history-30d-v1");
        _full = Open(dir);
        long have = _full.ReadSeconds(End - (Days * 86_400L), End).TakeLast(1).Select(s => s.UnixSeconds).DefaultIfEmpty(0).First();
        if (have != End - 1)
        {
            _full.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Directory.Delete(dir, recursive: true);
            _full = Open(dir);
            long started = TimeProvider.System.GetTimestamp();
            for (long t = End - (Days * 86_400L); t < End; t++)
            {
                while (!_full.TryAdd(Sample(t)) || _full.PendingCount > 50_000)
                {
                    SpinWait.SpinUntil(() => _full.PendingCount < 10_000, 5);
                }
            }

            SpinWait.SpinUntil(() => _full.LastCommittedSecond == End - 1);
            double seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine($"// history: filled {Days * 86_400L:N0} rows in {seconds:0.0} s = {Days * 86_400L / seconds:N0} rows/s");
        }

        _full.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _full = Open(dir); // checkpointed file: what sits on disk after a month
        long bytes = new FileInfo(Path.Combine(dir, HistoryOptions.FileName)).Length;
        Console.WriteLine($"// history: {Days} days in {bytes / 1048576.0:0.0} MiB = {bytes / Days / 1048576.0:0.00} MiB/day = {bytes / (Days * 86_400.0):0.0} bytes/second");
        _insert = Open(_insertDir);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _full.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _insert.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_insertDir, recursive: true);
    }

    /// <summary>One operation = one second queued, committed with its rollups.</summary>
    [Benchmark(OperationsPerInvoke = InsertBatch)]
    public long Insert()
    {
        long last = _next + InsertBatch - 1;
        for (int i = 0; i < InsertBatch; i++)
        {
            _insert.TryAdd(Sample(_next++));
        }

        SpinWait.SpinUntil(() => _insert.LastCommittedSecond == last);
        return last;
    }

    [Benchmark]
    public int Query4DaysAt700Points() => _full.Query(End - (4 * 86_400), End - 1, 700).Buckets.Count;

    [Benchmark]
    public int Query30DaysAt700Points() => _full.Query(End - (30 * 86_400), End - 1, 700).Buckets.Count;

    [Benchmark]
    public int QueryLastHourEverySecond() => _full.Query(End - 3600, End - 1, 3600).Buckets.Count;

    private static HistoryStore Open(string dir)
    {
        var store = new HistoryStore(
            new HistoryOptions { DataDirectory = dir, BatchRows = 5000, BatchInterval = TimeSpan.FromMilliseconds(50), QueueCapacity = 100_000, FreeBytes = _ => long.MaxValue },
            TimeProvider.System);
        store.Start();
        return store;
    }

    private static SecondSample Sample(long t)
    {
        double day = (t % 86_400) / 86_400.0;
        double sun = Math.Max(0, Math.Sin((day - 0.25) * 2 * Math.PI));
        float watts = (float)((2500 * sun) - 900 + (300 * Math.Sin(t / 37.0)));
        float soc = (float)(40 + (45 * sun) + ((t % 10) / 10.0));
        int low = 3700 + (int)(soc * 4);
        return new SecondSample(t, soc, 46 + (soc / 20), watts / 48, watts, -120.5f + (float)(day * 50), 25 + (int)(8 * sun), 20, low, low + 15 + (int)(t % 20), low + 8);
    }
}
