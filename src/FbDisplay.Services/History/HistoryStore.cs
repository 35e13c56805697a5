using System.Globalization;
using System.Threading.Channels;
using FbDisplay.Core.History;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Web;
using Microsoft.Data.Sqlite;

namespace FbDisplay.Services.History;

/// <summary>
/// Per-second history in SQLite (<c>DataDir/history.db</c>, WAL, synchronous=NORMAL). The UI thread hands seconds to
/// <see cref="TryAdd"/>, which never blocks; one background writer commits them in batches together with the minute and
/// hour rollups, so a crash loses at most the open batch and never leaves the rollups out of step with the seconds.
/// Readers (<see cref="Query"/>, <see cref="ReadSeconds"/>) use their own connections and run beside the writer.
/// A file that is not a database or is found corrupt is moved aside and a fresh one started: the display keeps going.
/// </summary>
public sealed class HistoryStore : IHistorySource, IMetricsSource, IAsyncDisposable
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;
    private const int SecondsPerDay = 86_400;

    /// <summary>The last second a range may name (9999-12-31 23:59:59 UTC); ranges are clamped to 0 .. this before any arithmetic.</summary>
    public const long LastUnixSecond = 253_402_300_799;

    private readonly HistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<string> _report;
    private readonly Channel<SecondSample> _channel;
    private readonly Dictionary<long, RollupAccumulator> _minutes = [];
    private readonly Dictionary<long, RollupAccumulator> _hours = [];
    private SqliteConnection? _connection;
    private PreparedWrites? _writes;
    private Task? _worker;
    private long _rowsWritten;
    private long _rowsDropped;
    private long _rowsDuplicate;
    private long _batches;
    private long _failures;
    private long _setAside;
    private long _rowsPruned;
    private long _readFailures;
    private long _lastCommittedSecond = long.MinValue;
    private volatile string? _lastError;
    private int _pendingCount;

    /// <summary>Creates the store; nothing touches the disk until <see cref="Start"/>. Problems go to <paramref name="report"/>.</summary>
    public HistoryStore(HistoryOptions options, TimeProvider time, Action<string>? report = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        _report = report ?? (_ => { });
        _channel = Channel.CreateBounded<SecondSample>(
            new BoundedChannelOptions(Math.Max(16, options.QueueCapacity)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _rowsDropped));
    }

    public string DatabasePath => _options.DatabasePath;

    /// <summary>Seconds committed to disk since start.</summary>
    public long RowsWritten => Interlocked.Read(ref _rowsWritten);

    /// <summary>Seconds lost because the queue overflowed while the disk was failing or slow.</summary>
    public long RowsDropped => Interlocked.Read(ref _rowsDropped);

    /// <summary>Seconds that were already stored (a restart or a clock step back repeating one); ignored.</summary>
    public long RowsDuplicate => Interlocked.Read(ref _rowsDuplicate);

    public long Batches => Interlocked.Read(ref _batches);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Reads (the graphs, the rings at start) that SQLite failed; they return what was read until then.</summary>
    public long ReadFailures => Interlocked.Read(ref _readFailures);

    /// <summary>How many times an unreadable database file was moved aside.</summary>
    public long SetAsideCount => Interlocked.Read(ref _setAside);

    /// <summary>Seconds deleted by retention (age or free space).</summary>
    public long RowsPruned => Interlocked.Read(ref _rowsPruned);

    /// <summary>The newest second known to be committed, or <see cref="long.MinValue"/>.</summary>
    public long LastCommittedSecond => Interlocked.Read(ref _lastCommittedSecond);

    /// <summary>Seconds queued or in the open batch, not yet committed.</summary>
    public int PendingCount => _channel.Reader.Count + Volatile.Read(ref _pendingCount);

    /// <summary>Seconds handed over and not yet taken by the writer thread (a part of <see cref="PendingCount"/>).</summary>
    public int QueuedCount => _channel.Reader.Count;

    /// <summary>Null while the history works; otherwise the last problem, for the screen.</summary>
    public string? LastError => _lastError;

    /// <summary>
    /// Opens (or creates, or replaces an unreadable) history.db and starts the writer. A database that holds no second
    /// yet first takes <paramref name="backfill"/> (time order; the demo's past days), committed before this returns.
    /// </summary>
    public void Start(IReadOnlyList<SecondSample>? backfill = null)
    {
        if (_worker is not null)
        {
            throw new InvalidOperationException("Already started.");
        }

        Directory.CreateDirectory(_options.DataDirectory);
        TryOpen();
        if (_connection is not null)
        {
            _lastCommittedSecond = ScalarOrNull("SELECT max(t) FROM seconds") ?? long.MinValue;
            if (_lastCommittedSecond == long.MinValue && backfill is { Count: > 0 })
            {
                Backfill(backfill);
            }
        }

        _worker = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    private void Backfill(IReadOnlyList<SecondSample> seconds)
    {
        var batch = new List<SecondSample>(3600);
        for (int i = 0; i < seconds.Count; i++)
        {
            batch.Add(seconds[i]);
            if (batch.Count == batch.Capacity || i == seconds.Count - 1)
            {
                if (!Commit(batch))
                {
                    return; // counted and reported by Commit; live seconds still go in
                }

                batch.Clear();
            }
        }
    }

    /// <summary>Queues one second. Never blocks: when the queue is full the oldest queued second is dropped and counted.</summary>
    public bool TryAdd(in SecondSample sample) => _channel.Writer.TryWrite(sample);

    /// <summary>Commits what is queued and stops the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        if (_worker is not null)
        {
            await _worker.ConfigureAwait(false);
        }

        CloseConnection();
    }

    /// <inheritdoc/>
    public HistorySeries Query(long fromUnixSeconds, long toUnixSeconds, int maxPoints)
    {
        if (toUnixSeconds < fromUnixSeconds)
        {
            (fromUnixSeconds, toUnixSeconds) = (toUnixSeconds, fromUnixSeconds);
        }

        fromUnixSeconds = ClampSecond(fromUnixSeconds);
        toUnixSeconds = ClampSecond(toUnixSeconds);
        maxPoints = Math.Clamp(maxPoints, 2, 100_000);
        (HistoryResolution source, int step) = ChooseStep(toUnixSeconds - fromUnixSeconds + 1, maxPoints);
        var buckets = new List<HistoryBucket>(Math.Min(maxPoints, 4096));
        using SqliteConnection? c = OpenReader();
        if (c is null)
        {
            return new HistorySeries(fromUnixSeconds, toUnixSeconds, step, source, buckets);
        }

        using SqliteCommand cmd = c.CreateCommand();
        int granularity = source switch { HistoryResolution.Hours => 3600, HistoryResolution.Minutes => 60, _ => 1 };
        cmd.CommandText = source switch
        {
            HistoryResolution.Hours => HistorySchema.SelectRollupGrouped("hours"),
            HistoryResolution.Minutes => HistorySchema.SelectRollupGrouped("minutes"),
            _ when step == 1 => HistorySchema.SelectRawAsBuckets,
            _ => HistorySchema.SelectRawGrouped,
        };
        cmd.Parameters.AddWithValue("$from", fromUnixSeconds - Mod(fromUnixSeconds, granularity));
        cmd.Parameters.AddWithValue("$to", toUnixSeconds);
        cmd.Parameters.AddWithValue("$step", step);
        using SqliteDataReader? r = TryRead(() => cmd.ExecuteReader());
        while (r is not null && TryRead(r.Read))
        {
            long n = r.GetInt64(1);
            if (n <= 0)
            {
                continue;
            }

            float nf = n;
            buckets.Add(new HistoryBucket(
                r.GetInt64(0), (int)n,
                r.GetInt64(2) / 10f, r.GetInt64(3) / nf / 10f, r.GetInt64(4) / 10f,
                r.GetInt64(5), r.GetInt64(6) / nf, r.GetInt64(7),
                r.GetInt64(8) / 10f, r.GetInt64(9) / nf / 10f, r.GetInt64(10) / 10f,
                r.GetInt64(11), r.GetInt64(12) / nf, r.GetInt64(13),
                (int)r.GetInt64(14), (int)r.GetInt64(15), r.GetInt64(16) / nf,
                (int)r.GetInt64(17), r.GetInt64(18) / nf, (int)r.GetInt64(19),
                (int)r.GetInt64(20), (int)r.GetInt64(21), (int)r.GetInt64(22), (int)r.GetInt64(23),
                (int)r.GetInt64(24), r.GetInt64(24) > 0 ? r.GetInt64(25) / 10f / r.GetInt64(24) : 0f, r.GetInt64(26) / 10f));
        }

        return new HistorySeries(fromUnixSeconds, toUnixSeconds, step, source, buckets);
    }

    /// <inheritdoc/>
    public IEnumerable<SecondSample> ReadSeconds(long fromUnixSeconds, long toUnixSeconds)
    {
        fromUnixSeconds = ClampSecond(fromUnixSeconds);
        toUnixSeconds = ClampSecond(toUnixSeconds);
        using SqliteConnection? c = OpenReader();
        if (c is null)
        {
            yield break;
        }

        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = HistorySchema.SelectSeconds;
        cmd.Parameters.AddWithValue("$from", fromUnixSeconds);
        cmd.Parameters.AddWithValue("$to", toUnixSeconds);

        // A failing card opens and then fails the read ("disk I/O error" on a file system gone read-only with its
        // WAL): the seconds read so far are all there is, never an exception into the display's start.
        using SqliteDataReader? r = TryRead(() => cmd.ExecuteReader());
        while (r is not null && TryRead(r.Read))
        {
            SecondSample sample = HistorySchema.ToSample(
                r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
                r.GetInt64(6), r.GetInt64(7), r.GetInt64(8), r.GetInt64(9), r.GetInt64(10));
            yield return r.IsDBNull(11) && r.IsDBNull(13)
                ? sample
                : HistorySchema.WithStatus(sample, NullableInt64(r, 11), NullableInt64(r, 12), NullableInt64(r, 13), NullableInt64(r, 14));
        }
    }

    private static long? NullableInt64(SqliteDataReader r, int column) => r.IsDBNull(column) ? null : r.GetInt64(column);

    /// <summary>
    /// Refills the SOC and power rings from stored seconds (on start, so a restart keeps the screens' logs).
    /// Call before the tick loop runs: the rings belong to the UI thread. Returns the seconds appended.
    /// </summary>
    public static int RebuildRings(IHistorySource source, BarHistory soc, BarHistory power, long nowUnixSeconds)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(soc);
        ArgumentNullException.ThrowIfNull(power);
        long span = (long)BarHistory.MaxSecondsPerBar * BarHistory.BarsPerLevel;
        int n = 0;
        foreach (SecondSample s in source.ReadSeconds(nowUnixSeconds - span, nowUnixSeconds))
        {
            soc.Append(s.UnixSeconds, s.SocPercent);
            power.Append(s.UnixSeconds, s.PowerWatts);
            n++;
        }

        return n;
    }

    /// <summary>A second clamped to 0 .. <see cref="LastUnixSecond"/>, so spans and bucket starts never overflow.</summary>
    public static long ClampSecond(long unixSeconds) => Math.Clamp(unixSeconds, 0, LastUnixSecond);

    /// <summary>
    /// The table and bucket width that answer a span with at most <paramref name="maxPoints"/> buckets. A rollup table is
    /// used when rounding the step up to its granularity keeps at least two thirds of the points asked for: it
    /// reads 60 or 3600 times fewer rows, which matters more on a Pi than a few points.
    /// </summary>
    internal static (HistoryResolution Source, int Step) ChooseStep(long spanSeconds, int maxPoints)
    {
        if (spanSeconds <= maxPoints)
        {
            return (HistoryResolution.Seconds, 1);
        }

        // Aligned buckets covering a span can be one more than span / step.
        long step = (spanSeconds + maxPoints - 2) / (maxPoints - 1);
        step = Math.Min(step, int.MaxValue / 2);
        foreach ((HistoryResolution res, long g) in new[] { (HistoryResolution.Hours, 3600L), (HistoryResolution.Minutes, 60L) })
        {
            long rounded = (step + g - 1) / g * g;
            if (rounded * 2 <= step * 3)
            {
                return (res, (int)rounded);
            }
        }

        return (HistoryResolution.Seconds, (int)step);
    }

    public void WriteMetrics(MetricsText metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        metrics.Add("fbdisplay_history_rows_written_total", "Seconds committed to history.db.", "counter", RowsWritten)
            .Add("fbdisplay_history_rows_dropped_total", "Seconds lost because the history queue overflowed.", "counter", RowsDropped)
            .Add("fbdisplay_history_batches_total", "Transactions committed to history.db.", "counter", Batches)
            .Add("fbdisplay_history_failures_total", "Failed history commits or opens.", "counter", Failures)
            .Add("fbdisplay_history_read_failures_total", "History reads SQLite failed (cut short).", "counter", ReadFailures)
            .Add("fbdisplay_history_rows_pruned_total", "Seconds deleted by retention.", "counter", RowsPruned)
            .Add("fbdisplay_history_pending_rows", "Seconds waiting to be committed.", "gauge", PendingCount);
    }

    private async Task RunAsync()
    {
        var pending = new List<SecondSample>(_options.BatchRows);
        long firstPendingAt = 0;
        long retryAt = 0;
        long nextMaintenance = _time.GetTimestamp();
        Task<bool>? waitForData = null;
        bool completed = false;
        while (!completed)
        {
            waitForData ??= _channel.Reader.WaitToReadAsync().AsTask();
            if (!waitForData.IsCompleted)
            {
                long now = _time.GetTimestamp();
                long wake = nextMaintenance;
                if (pending.Count > 0)
                {
                    wake = Math.Min(wake, Math.Max(firstPendingAt + Ticks(_options.BatchInterval), retryAt));
                }

                TimeSpan wait = TimeSpan.FromSeconds(Math.Max(0, wake - now) / (double)_time.TimestampFrequency);
                if (wait > TimeSpan.Zero)
                {
                    using var cts = new CancellationTokenSource();
                    Task delay = Task.Delay(wait, _time, cts.Token);
                    await Task.WhenAny(waitForData, delay).ConfigureAwait(false);
                    await cts.CancelAsync().ConfigureAwait(false);
                }
            }

            if (waitForData.IsCompleted)
            {
                completed = !await waitForData.ConfigureAwait(false);
                waitForData = null;
            }

            // Always drain the channel (an undrained one would wake this loop at once, forever); past the cap the
            // oldest pending seconds go, as they would from the channel.
            while (_channel.Reader.TryRead(out SecondSample s))
            {
                if (pending.Count == 0)
                {
                    firstPendingAt = _time.GetTimestamp();
                }

                pending.Add(s);

                // Keep PendingCount honest while draining: a producer that paces itself on it must not see the rows
                // in flight between the channel and the batch as gone.
                Volatile.Write(ref _pendingCount, pending.Count);
            }

            int excess = pending.Count - Math.Max(_options.BatchRows, _options.QueueCapacity);
            if (excess > 0)
            {
                pending.RemoveRange(0, excess);
                Interlocked.Add(ref _rowsDropped, excess);
            }

            Volatile.Write(ref _pendingCount, pending.Count);
            long t = _time.GetTimestamp();
            bool due = pending.Count >= _options.BatchRows || t - firstPendingAt >= Ticks(_options.BatchInterval) || completed;
            if (pending.Count > 0 && due && (t >= retryAt || completed))
            {
                if (Commit(pending))
                {
                    pending.Clear();
                    retryAt = 0;
                }
                else if (completed)
                {
                    Interlocked.Add(ref _rowsDropped, pending.Count);
                    pending.Clear();
                }
                else
                {
                    retryAt = _time.GetTimestamp() + Ticks(_options.RetryAfterFailure);
                }

                Volatile.Write(ref _pendingCount, pending.Count);
            }

            if (_time.GetTimestamp() >= nextMaintenance && !completed)
            {
                Maintain();
                nextMaintenance = _time.GetTimestamp() + Ticks(_options.MaintenanceInterval);
            }
        }
    }

    private bool Commit(List<SecondSample> rows)
    {
        if (_connection is null && !TryOpen())
        {
            return false;
        }

        try
        {
            long inserted = 0;
            long newest = long.MinValue;
            _minutes.Clear();
            _hours.Clear();
            using (SqliteTransaction tx = _connection!.BeginTransaction())
            {
                // Prepared once per connection (SQLite parsing the same SQL every second was a fifth of the app's work).
                _writes ??= new PreparedWrites(_connection);
                SqliteCommand insert = _writes.Insert;
                insert.Transaction = tx;
                SqliteParameter[] p = _writes.InsertParameters;
                foreach (SecondSample s in rows)
                {
                    long soc = HistorySchema.Soc(s.SocPercent);
                    long volts = HistorySchema.Volts(s.PackVolts);
                    long watts = HistorySchema.Watts(s.PowerWatts);
                    p[0].Value = s.UnixSeconds;
                    p[1].Value = soc;
                    p[2].Value = volts;
                    p[3].Value = HistorySchema.Amps(s.CurrentAmps);
                    p[4].Value = watts;
                    p[5].Value = HistorySchema.AmpHours(s.AmpHours);
                    p[6].Value = s.MaxTemperatureC;
                    p[7].Value = s.MinTemperatureC;
                    p[8].Value = s.LowCellMillivolts;
                    p[9].Value = s.HighCellMillivolts;
                    p[10].Value = s.AverageCellMillivolts;
                    p[11].Value = s.ControllerFlags is byte flags ? (long)flags : DBNull.Value;
                    p[12].Value = s.FaultCode is byte fault ? (long)fault : DBNull.Value;
                    p[13].Value = HistorySchema.ChargeCommand(s.ChargeCommandAmps) is long tcch ? tcch : DBNull.Value;
                    p[14].Value = HistorySchema.FrequencyShift(s.FrequencyShiftVolts) is long fshift ? fshift : DBNull.Value;
                    if (insert.ExecuteNonQuery() == 0)
                    {
                        continue; // already stored: adding it to the rollups again would count it twice
                    }

                    inserted++;
                    newest = Math.Max(newest, s.UnixSeconds);
                    Accumulate(_minutes, s.UnixSeconds - Mod(s.UnixSeconds, 60), soc, watts, volts, s);
                    Accumulate(_hours, s.UnixSeconds - Mod(s.UnixSeconds, 3600), soc, watts, volts, s);
                }

                UpsertRollups(tx, _writes.UpsertMinutes, _writes.MinutesParameters, _minutes);
                UpsertRollups(tx, _writes.UpsertHours, _writes.HoursParameters, _hours);
                tx.Commit();
            }

            Interlocked.Add(ref _rowsWritten, inserted);
            Interlocked.Add(ref _rowsDuplicate, rows.Count - inserted);
            Interlocked.Increment(ref _batches);
            if (newest > Interlocked.Read(ref _lastCommittedSecond))
            {
                Interlocked.Exchange(ref _lastCommittedSecond, newest);
            }

            _lastError = null;
            return true;
        }
        catch (SqliteException e)
        {
            Fail($"Cannot write history: {e.Message}", e);
            return false;
        }
    }

    private static void Accumulate(Dictionary<long, RollupAccumulator> into, long bucket, long soc, long watts, long volts, in SecondSample s)
    {
        ref RollupAccumulator a = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(into, bucket, out _);
        a.Add(soc, watts, volts, s.MaxTemperatureC, s.LowCellMillivolts, s.HighCellMillivolts, s.AverageCellMillivolts);
        a.AddStatus(s);
    }

    private static void UpsertRollups(SqliteTransaction tx, SqliteCommand cmd, SqliteParameter[] p, Dictionary<long, RollupAccumulator> buckets)
    {
        if (buckets.Count == 0)
        {
            return;
        }

        cmd.Transaction = tx;
        foreach ((long t, RollupAccumulator a) in buckets)
        {
            p[0].Value = t;
            p[1].Value = a.N;
            p[2].Value = a.SocMin;
            p[3].Value = a.SocSum;
            p[4].Value = a.SocMax;
            p[5].Value = a.WattsMin;
            p[6].Value = a.WattsSum;
            p[7].Value = a.WattsMax;
            p[8].Value = a.VoltsMin;
            p[9].Value = a.VoltsSum;
            p[10].Value = a.VoltsMax;
            p[11].Value = a.TempMin;
            p[12].Value = a.TempSum;
            p[13].Value = a.TempMax;
            p[14].Value = a.CellLowMin;
            p[15].Value = a.CellHighMax;
            p[16].Value = a.CellAvgSum;
            p[17].Value = a.SpreadMin;
            p[18].Value = a.SpreadSum;
            p[19].Value = a.SpreadMax;
            p[20].Value = a.StatusN;
            p[21].Value = a.OpenN;
            p[22].Value = a.FaultN;
            p[23].Value = a.FaultMax;
            p[24].Value = a.TcchN;
            p[25].Value = a.TcchSum;
            p[26].Value = a.TcchMax;
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Retention: by age, then by free disk space (oldest day of seconds first, never the last day).</summary>
    private void Maintain()
    {
        if (_connection is null && !TryOpen())
        {
            return;
        }

        try
        {
            long now = _time.GetUtcNow().ToUnixTimeSeconds();
            long? newest = ScalarOrNull("SELECT max(t) FROM seconds");

            // Measured from the newest stored second as well: a clock that jumps years ahead must not wipe the history.
            long reference = newest is long n ? Math.Min(now, n) : now;
            long cutoff = reference - ((long)_options.RetentionDays * SecondsPerDay);
            long pruned = 0;
            long? oldest = ScalarOrNull("SELECT min(t) FROM seconds");
            while (oldest is long o && o < cutoff)
            {
                long until = Math.Min(cutoff, o + SecondsPerDay);
                pruned += DeleteBefore(until, hoursToo: true);
                oldest = ScalarOrNull("SELECT min(t) FROM seconds");
            }

            _ = DeleteBefore(cutoff, hoursToo: true); // rollups whose seconds were already gone
            long minFree = _options.MinFreeMegabytes * 1024 * 1024;
            for (int day = 0; day < 4000 && FreeBytes() < minFree; day++)
            {
                oldest = ScalarOrNull("SELECT min(t) FROM seconds");
                if (oldest is not long o2 || o2 >= reference - SecondsPerDay)
                {
                    break;
                }

                pruned += DeleteBefore(o2 + SecondsPerDay, hoursToo: false);
                Reclaim();
            }

            if (pruned > 0)
            {
                Reclaim();
                Interlocked.Add(ref _rowsPruned, pruned);
            }
        }
        catch (SqliteException e)
        {
            Fail($"History retention failed: {e.Message}", e);
        }
    }

    private long DeleteBefore(long t, bool hoursToo)
    {
        // A rollup goes only once all of its bucket is older: the graph keeps the part of the bucket still covered.
        long deleted = Execute("DELETE FROM seconds WHERE t < $t", t);
        Execute("DELETE FROM minutes WHERE t <= $t - 60", t);
        if (hoursToo)
        {
            Execute("DELETE FROM hours WHERE t <= $t - 3600", t);
        }

        return deleted;
    }

    /// <summary>Gives freed pages back to the file system (auto_vacuum=INCREMENTAL; the file shrinks at the checkpoint).</summary>
    private void Reclaim()
    {
        Execute("PRAGMA incremental_vacuum", 0);
        Execute("PRAGMA wal_checkpoint(TRUNCATE)", 0);
    }

    private long FreeBytes()
    {
        try
        {
            return _options.FreeBytes is { } f ? f(_options.DataDirectory) : new DriveInfo(_options.DataDirectory).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return long.MaxValue; // unknown: do not delete history on a guess
        }
    }

    private bool TryOpen()
    {
        try
        {
            Open();
            return true;
        }
        catch (SqliteException e) when (IsUnreadable(e))
        {
            SetAside(e.Message);
            try
            {
                Open();
                return true;
            }
            catch (SqliteException e2)
            {
                Fail($"Cannot create {HistoryOptions.FileName}: {e2.Message}", null);
                return false;
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            Fail($"Cannot open {_options.DatabasePath}: {e.Message}", null);
            return false;
        }
    }

    private void Open()
    {
        CloseConnection();
        var c = new SqliteConnection(ConnectionString(SqliteOpenMode.ReadWriteCreate));
        try
        {
            c.Open();
            _connection = c;

            // auto_vacuum only takes effect before the first table exists; on an older file it is a no-op.
            Execute("PRAGMA auto_vacuum = INCREMENTAL", 0);
            Execute("PRAGMA journal_mode = WAL", 0);
            Execute("PRAGMA synchronous = NORMAL", 0);
            Execute(string.Format(CultureInfo.InvariantCulture, HistorySchema.CreateTables, HistorySchema.RollupColumns), 0);
            if (ScalarOrNull("PRAGMA user_version") < HistorySchema.Version)
            {
                AddMissingColumns();
            }

            Execute($"PRAGMA user_version = {HistorySchema.Version}", 0);

            // Touch every table so a file whose schema pages are damaged shows it now, not at the first commit.
            _ = ScalarOrNull("SELECT max(t) FROM seconds");
            _ = ScalarOrNull("SELECT max(t) FROM minutes");
            _ = ScalarOrNull("SELECT max(t) FROM hours");
        }
        catch
        {
            _connection = null;
            c.Dispose();
            throw;
        }
    }

    private void CloseConnection()
    {
        _writes?.Dispose();
        _writes = null;
        if (_connection is not null)
        {
            _connection.Dispose();
            _connection = null;
        }
    }

    private void SetAside(string why)
    {
        CloseConnection();
        string stamp = _time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string aside = $"{_options.DatabasePath}.corrupt-{stamp}";
        try
        {
            File.Move(_options.DatabasePath, aside, overwrite: true);
            foreach (string suffix in new[] { "-wal", "-shm" })
            {
                if (File.Exists(_options.DatabasePath + suffix))
                {
                    File.Move(_options.DatabasePath + suffix, aside + suffix, overwrite: true);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail($"Cannot move the unreadable {HistoryOptions.FileName} aside: {e.Message}", null);
            return;
        }

        Interlocked.Increment(ref _setAside);
        string message = $"{HistoryOptions.FileName} could not be read ({why}); moved to {Path.GetFileName(aside)} and started a fresh history.";
        _lastError = message;
        _report(message);
    }

    private void Fail(string message, SqliteException? e)
    {
        Interlocked.Increment(ref _failures);
        _lastError = message;
        _report(message);
        if (e is not null && IsUnreadable(e))
        {
            SetAside(e.Message);
            TryOpen();
        }
        else
        {
            CloseConnection(); // reopen at the next try: the file may have come back (disk remounted, space freed)
        }
    }

    /// <summary>A read that fails (SQLite's I/O or locking errors) ends the read: false or null, with the reason kept.</summary>
    private T? TryRead<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (SqliteException e)
        {
            Interlocked.Increment(ref _readFailures);
            _report($"Cannot read history: {e.Message}");
            return default;
        }
    }

    private static bool IsUnreadable(SqliteException e) => e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase;

    private SqliteConnection? OpenReader()
    {
        var c = new SqliteConnection(ConnectionString(SqliteOpenMode.ReadWrite));
        try
        {
            c.Open();
            return c;
        }
        catch (SqliteException)
        {
            c.Dispose();
            return null;
        }
    }

    // No pooling: a pooled handle would keep a moved-aside file open, and opening SQLite is cheap.
    private string ConnectionString(SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = _options.DatabasePath,
        Mode = mode,
        Pooling = false,
        DefaultTimeout = 10,
    }.ToString();

    private long Execute(string sql, long t)
    {
        using SqliteCommand cmd = _connection!.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$t", t);
        return cmd.ExecuteNonQuery();
    }

    /// <summary>An older file gains the newer columns in one transaction; its rows stay as they were.</summary>
    private void AddMissingColumns()
    {
        using SqliteTransaction tx = _connection!.BeginTransaction();
        int added = 0;
        foreach ((string table, string column, string declaration) in HistorySchema.AddedInVersion2)
        {
            using SqliteCommand has = _connection.CreateCommand();
            has.Transaction = tx;
            has.CommandText = "SELECT count(*) FROM pragma_table_info($table) WHERE name = $column";
            has.Parameters.AddWithValue("$table", table);
            has.Parameters.AddWithValue("$column", column);
            if (Convert.ToInt64(has.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                using SqliteCommand alter = _connection.CreateCommand();
                alter.Transaction = tx;
                alter.CommandText = $"ALTER TABLE {table} ADD COLUMN {column} {declaration}";
                alter.ExecuteNonQuery();
                added++;
            }
        }

        tx.Commit();
        if (added > 0)
        {
            _report($"History: {HistoryOptions.FileName} upgraded to schema {HistorySchema.Version} ({added} controller status columns added, rows kept).");
        }
    }

    private long? ScalarOrNull(string sql)
    {
        using SqliteCommand cmd = _connection!.CreateCommand();
        cmd.CommandText = sql;
        object? v = cmd.ExecuteScalar();
        return v is null or DBNull ? null : Convert.ToInt64(v, CultureInfo.InvariantCulture);
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private static long Mod(long t, long g) => ((t % g) + g) % g;

    /// <summary>The per-second write statements, prepared once for the connection they belong to.</summary>
    private sealed class PreparedWrites : IDisposable
    {
        private static readonly string[] RollupNames =
        [
            "$t", "$n", "$soc_min", "$soc_sum", "$soc_max", "$watts_min", "$watts_sum", "$watts_max", "$volts_min", "$volts_sum",
            "$volts_max", "$temp_min", "$temp_sum", "$temp_max", "$cell_low_min", "$cell_high_max", "$cell_avg_sum", "$spread_min",
            "$spread_sum", "$spread_max", "$status_n", "$open_n", "$fault_n", "$fault_max", "$tcch_n", "$tcch_sum", "$tcch_max",
        ];

        private static readonly string[] InsertNames = ["$t", "$soc", "$volts", "$amps", "$watts", "$ah", "$tmax", "$tmin", "$low", "$high", "$avg", "$flags", "$fault", "$tcch", "$fshift"];

        public PreparedWrites(SqliteConnection connection)
        {
            (Insert, InsertParameters) = Prepare(connection, HistorySchema.InsertSecond, InsertNames);
            (UpsertMinutes, MinutesParameters) = Prepare(connection, HistorySchema.UpsertRollup("minutes"), RollupNames);
            (UpsertHours, HoursParameters) = Prepare(connection, HistorySchema.UpsertRollup("hours"), RollupNames);
        }

        public SqliteCommand Insert { get; }

        public SqliteParameter[] InsertParameters { get; }

        public SqliteCommand UpsertMinutes { get; }

        public SqliteParameter[] MinutesParameters { get; }

        public SqliteCommand UpsertHours { get; }

        public SqliteParameter[] HoursParameters { get; }

        public void Dispose()
        {
            Insert.Dispose();
            UpsertMinutes.Dispose();
            UpsertHours.Dispose();
        }

        private static (SqliteCommand, SqliteParameter[]) Prepare(SqliteConnection connection, string sql, string[] names)
        {
            SqliteCommand cmd = connection.CreateCommand();
            cmd.CommandText = sql;
            SqliteParameter[] p = [.. names.Select(n => cmd.Parameters.Add(n, SqliteType.Integer))];
            cmd.Prepare();
            return (cmd, p);
        }
    }
}
