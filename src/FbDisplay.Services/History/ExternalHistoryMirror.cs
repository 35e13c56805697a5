using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using FbDisplay.Core.History;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Web;
using FbDisplay.Settings;
using MySqlConnector;
using Npgsql;

namespace FbDisplay.Services.History;

/// <summary>
/// Copies every second to an external MySQL/MariaDB or PostgreSQL database for Grafana (History:External, off by
/// default; docs/history.md, docs/grafana-dashboard.json). The UI thread's <see cref="TryAdd"/> never blocks: seconds
/// wait in a bounded queue (the oldest dropped and counted when the server is away too long) and a background task
/// creates the table on first connect and sends them in batches. After reconnecting it fills what the server missed
/// from the local history, up to <see cref="BackfillLimit"/>, so a dropped second is only lost if it is not in history.db.
/// </summary>
public sealed class ExternalHistoryMirror : IMetricsSource, IAsyncDisposable
{
    public const string TableName = "battery_seconds";
    public static readonly TimeSpan BackfillLimit = TimeSpan.FromDays(7);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly ExternalDatabase _db;
    private readonly TimeProvider _time;
    private readonly IHistorySource? _backfill;
    private readonly Action<string> _report;
    private readonly int _batchRows;
    private readonly TimeSpan _batchInterval;
    private readonly Channel<SecondSample> _channel;
    private readonly CancellationTokenSource _stop = new();
    private Task? _worker;
    private long _rowsSent;
    private long _rowsDropped;
    private long _rowsBackfilled;
    private long _failures;
    private volatile bool _connected;
    private volatile string? _lastError;

    /// <summary>Mirrors to <paramref name="db"/>; <paramref name="backfill"/> (the local store) lets it fill gaps after an outage.</summary>
    public ExternalHistoryMirror(
        ExternalDatabase db, TimeProvider time, IHistorySource? backfill = null, Action<string>? report = null,
        int bufferSeconds = 86_400, int batchRows = 500, TimeSpan? batchInterval = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(time);
        _db = db;
        _time = time;
        _backfill = backfill;
        _report = report ?? (_ => { });
        _batchRows = Math.Max(1, batchRows);
        _batchInterval = batchInterval ?? TimeSpan.FromSeconds(5);
        _channel = Channel.CreateBounded<SecondSample>(
            new BoundedChannelOptions(Math.Max(16, bufferSeconds)) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _rowsDropped));
    }

    public long RowsSent => Interlocked.Read(ref _rowsSent);

    /// <summary>Seconds pushed out of the full queue while the server was away (backfill may still deliver them).</summary>
    public long RowsDropped => Interlocked.Read(ref _rowsDropped);

    /// <summary>Seconds sent from the local history to fill a gap after an outage.</summary>
    public long RowsBackfilled => Interlocked.Read(ref _rowsBackfilled);

    public long Failures => Interlocked.Read(ref _failures);

    public bool IsConnected => _connected;

    public int Pending => _channel.Reader.Count;

    /// <summary>Null while mirroring works; otherwise the last problem (password never included).</summary>
    public string? LastError => _lastError;

    public ExternalDatabase Database => _db;

    public void Start() =>
        _worker ??= Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    /// <summary>Queues one second. Never blocks.</summary>
    public bool TryAdd(in SecondSample sample) => _channel.Writer.TryWrite(sample);

    /// <summary>Sends what is queued if the server answers within a few seconds, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        _stop.CancelAfter(TimeSpan.FromSeconds(5));
        if (_worker is not null)
        {
            try
            {
                await _worker.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    public void WriteMetrics(MetricsText metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        metrics.Add("fbdisplay_external_rows_sent_total", "Seconds sent to the external database.", "counter", RowsSent)
            .Add("fbdisplay_external_rows_dropped_total", "Seconds dropped from the external database queue.", "counter", RowsDropped)
            .Add("fbdisplay_external_failures_total", "Failed connects or sends to the external database.", "counter", Failures)
            .Add("fbdisplay_external_connected", "1 while the external database answers.", "gauge", IsConnected ? 1 : 0);
    }

    private async Task RunAsync()
    {
        CancellationToken ct = _stop.Token;
        var pending = new List<SecondSample>(_batchRows);
        TimeSpan retry = FirstRetry;
        DbConnection? conn = null;
        long lastSent = long.MinValue; // the newest second the server holds, as far as we know
        bool completed = false;
        try
        {
            while (!(completed && pending.Count == 0))
            {
                if (pending.Count < _batchRows && !completed)
                {
                    completed = !await FillAsync(pending, ct).ConfigureAwait(false);
                }

                if (pending.Count == 0)
                {
                    continue;
                }

                try
                {
                    if (conn is null)
                    {
                        conn = await ConnectAsync(ct).ConfigureAwait(false);
                        lastSent = await ServerNewestAsync(conn, ct).ConfigureAwait(false);
                    }

                    // A hole before this batch (an outage that overflowed the queue, a restart): fill it from history.db.
                    if (lastSent != long.MinValue && pending[0].UnixSeconds > lastSent + 1)
                    {
                        await BackfillAsync(conn, lastSent + 1, pending[0].UnixSeconds - 1, ct).ConfigureAwait(false);
                    }

                    await SendAsync(conn, pending, ct).ConfigureAwait(false);
                    lastSent = Math.Max(lastSent, pending[^1].UnixSeconds);
                    Interlocked.Add(ref _rowsSent, pending.Count);
                    pending.Clear();
                    retry = FirstRetry;
                    _lastError = null;
                }
                catch (Exception e) when (!ct.IsCancellationRequested) // whatever a driver throws, the mirror lives on and retries
                {
                    Interlocked.Increment(ref _failures);
                    _connected = false;
                    if (conn is not null)
                    {
                        await conn.DisposeAsync().ConfigureAwait(false);
                        conn = null;
                    }

                    string message = $"External database {_db.Describe()}: {e.Message}";
                    if (message != _lastError)
                    {
                        _report(message + " Retrying.");
                    }

                    _lastError = message;
                    await Task.Delay(retry, _time, ct).ConfigureAwait(false);
                    retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Disposed while the server was away: what is still queued is in history.db and is backfilled next start.
        }
        finally
        {
            _connected = false;
            if (conn is not null)
            {
                await conn.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Waits for the first second, then up to the batch interval for more. False once the queue is closed and empty.</summary>
    private async Task<bool> FillAsync(List<SecondSample> pending, CancellationToken ct)
    {
        ChannelReader<SecondSample> reader = _channel.Reader;
        if (pending.Count == 0 && !await reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            return false;
        }

        long started = _time.GetTimestamp();
        while (pending.Count < _batchRows)
        {
            while (pending.Count < _batchRows && reader.TryRead(out SecondSample s))
            {
                pending.Add(s);
            }

            TimeSpan left = _batchInterval - _time.GetElapsedTime(started);
            if (pending.Count >= _batchRows || left <= TimeSpan.Zero)
            {
                break;
            }

            Task<bool> more = reader.WaitToReadAsync(ct).AsTask();
            using var delayCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task delay = Task.Delay(left, _time, delayCts.Token);
            Task done = await Task.WhenAny(more, delay).ConfigureAwait(false);
            await delayCts.CancelAsync().ConfigureAwait(false);
            if (done == more && !await more.ConfigureAwait(false))
            {
                return pending.Count > 0;
            }
        }

        return true;
    }

    private async Task<DbConnection> ConnectAsync(CancellationToken ct)
    {
        DbConnection conn = _db.CreateConnection();
        try
        {
            await conn.OpenAsync(ct).ConfigureAwait(false);
            await using DbCommand create = conn.CreateCommand();
            create.CommandText = _db.Kind == ExternalDatabaseKind.PostgreSql ? PostgresCreate : MySqlCreate;
            await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await AddStatusColumnsAsync(conn, ct).ConfigureAwait(false);
            _connected = true;
            return conn;
        }
        catch
        {
            await conn.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A table made by an older display lacks the controller's status columns: they are added (NULL in the old rows).
    /// information_schema rather than ADD COLUMN IF NOT EXISTS, which MySQL (unlike PostgreSQL and MariaDB) lacks.
    /// </summary>
    private async Task AddStatusColumnsAsync(DbConnection conn, CancellationToken ct)
    {
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (DbCommand columns = conn.CreateCommand())
        {
            string schema = _db.Kind == ExternalDatabaseKind.PostgreSql ? "current_schema()" : "DATABASE()";
            columns.CommandText = $"SELECT column_name FROM information_schema.columns WHERE table_schema = {schema} AND table_name = '{TableName}'";
            await using DbDataReader r = await columns.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                present.Add(r.GetString(0));
            }
        }

        foreach ((string name, string postgres, string mysql) in StatusColumns)
        {
            if (!present.Contains(name))
            {
                await using DbCommand alter = conn.CreateCommand();
                alter.CommandText = $"ALTER TABLE {TableName} ADD COLUMN {name} {(_db.Kind == ExternalDatabaseKind.PostgreSql ? postgres : mysql)}";
                await alter.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                _report($"External database {_db.Describe()}: column {name} added to {TableName}.");
            }
        }
    }

    /// <summary>The controller's 0x654 / 0x683 per second (docs/history.md): NULL where the second had none.</summary>
    private static readonly (string Name, string Postgres, string MySql)[] StatusColumns =
    [
        ("controller_flags", "smallint", "SMALLINT"), ("fault_code", "smallint", "SMALLINT"),
        ("charge_command_amps", "real", "FLOAT"), ("frequency_shift_volts", "real", "FLOAT"),
    ];

    /// <summary>The newest second in the server's table; <see cref="long.MinValue"/> for an empty table (mirroring starts now).</summary>
    private static async Task<long> ServerNewestAsync(DbConnection conn, CancellationToken ct)
    {
        await using DbCommand max = conn.CreateCommand();
        max.CommandText = $"SELECT max(time) FROM {TableName}";
        object? v = await max.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return v switch
        {
            DateTime newest => new DateTimeOffset(DateTime.SpecifyKind(newest, DateTimeKind.Utc)).ToUnixTimeSeconds(),
            DateTimeOffset newest => newest.ToUnixTimeSeconds(),
            _ => long.MinValue,
        };
    }

    /// <summary>Sends the seconds from <paramref name="from"/> to <paramref name="to"/> that history.db holds (at most <see cref="BackfillLimit"/>).</summary>
    private async Task BackfillAsync(DbConnection conn, long from, long to, CancellationToken ct)
    {
        if (_backfill is null)
        {
            return;
        }

        from = Math.Max(from, to - (long)BackfillLimit.TotalSeconds);
        var batch = new List<SecondSample>(_batchRows);
        foreach (SecondSample s in _backfill.ReadSeconds(from, to))
        {
            batch.Add(s);
            if (batch.Count == _batchRows)
            {
                await SendAsync(conn, batch, ct).ConfigureAwait(false);
                Interlocked.Add(ref _rowsBackfilled, batch.Count);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await SendAsync(conn, batch, ct).ConfigureAwait(false);
            Interlocked.Add(ref _rowsBackfilled, batch.Count);
        }
    }

    private async Task SendAsync(DbConnection conn, List<SecondSample> rows, CancellationToken ct)
    {
        await using DbCommand cmd = conn.CreateCommand();
        var sql = new StringBuilder(64 + (rows.Count * 120));
        sql.Append(_db.Kind == ExternalDatabaseKind.PostgreSql ? "INSERT INTO " : "INSERT IGNORE INTO ").Append(TableName)
            .Append(" (time, soc, volts, amps, watts, amp_hours, temp_max, temp_min, cell_low_mv, cell_high_mv, cell_avg_mv, cell_spread_mv, " +
                "controller_flags, fault_code, charge_command_amps, frequency_shift_volts) VALUES ");
        var inv = CultureInfo.InvariantCulture;
        for (int i = 0; i < rows.Count; i++)
        {
            SecondSample s = rows[i];
            string p = "@t" + i.ToString(inv);
            sql.Append(i == 0 ? "(" : ",(").Append(p).Append(',')
                .Append(Num(s.SocPercent, 1)).Append(',').Append(Num(s.PackVolts, 1)).Append(',').Append(Num(s.CurrentAmps, 2)).Append(',')
                .Append(Num(s.PowerWatts, 0)).Append(',').Append(Num(s.AmpHours, 2)).Append(',')
                .Append(s.MaxTemperatureC.ToString(inv)).Append(',').Append(s.MinTemperatureC.ToString(inv)).Append(',')
                .Append(s.LowCellMillivolts.ToString(inv)).Append(',').Append(s.HighCellMillivolts.ToString(inv)).Append(',')
                .Append(s.AverageCellMillivolts.ToString(inv)).Append(',').Append((s.HighCellMillivolts - s.LowCellMillivolts).ToString(inv)).Append(',')
                .Append(s.ControllerFlags is byte flags ? flags.ToString(inv) : "NULL").Append(',')
                .Append(s.FaultCode is byte fault ? fault.ToString(inv) : "NULL").Append(',')
                .Append(s.ChargeCommandAmps is float tcch ? Num(tcch, 1) : "NULL").Append(',')
                .Append(s.FrequencyShiftVolts is float fshift ? Num(fshift, 2) : "NULL").Append(')');
            DbParameter t = cmd.CreateParameter();
            t.ParameterName = p;
            t.Value = DateTime.UnixEpoch.AddSeconds(s.UnixSeconds);
            cmd.Parameters.Add(t);
        }

        if (_db.Kind == ExternalDatabaseKind.PostgreSql)
        {
            sql.Append(" ON CONFLICT (time) DO NOTHING");
        }

        cmd.CommandText = sql.ToString();
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);

        // Numbers are ours (floats rounded to the stored precision), so they go inline; only the time is a parameter.
        static string Num(float v, int decimals) =>
            float.IsFinite(v) ? Math.Round((double)v, decimals).ToString(CultureInfo.InvariantCulture) : "NULL";
    }

    private const string PostgresCreate = $"""
        CREATE TABLE IF NOT EXISTS {TableName} (
            time timestamptz PRIMARY KEY,
            soc real, volts real, amps real, watts real, amp_hours real,
            temp_max smallint, temp_min smallint,
            cell_low_mv smallint, cell_high_mv smallint, cell_avg_mv smallint, cell_spread_mv smallint,
            controller_flags smallint, fault_code smallint, charge_command_amps real, frequency_shift_volts real)
        """;

    private const string MySqlCreate = $"""
        CREATE TABLE IF NOT EXISTS {TableName} (
            time DATETIME NOT NULL PRIMARY KEY COMMENT 'UTC',
            soc FLOAT, volts FLOAT, amps FLOAT, watts FLOAT, amp_hours FLOAT,
            temp_max SMALLINT, temp_min SMALLINT,
            cell_low_mv SMALLINT, cell_high_mv SMALLINT, cell_avg_mv SMALLINT, cell_spread_mv SMALLINT,
            controller_flags SMALLINT, fault_code SMALLINT, charge_command_amps FLOAT, frequency_shift_volts FLOAT)
        """;
}

/// <summary>Which server an <see cref="ExternalDatabase"/> is.</summary>
public enum ExternalDatabaseKind
{
    MySql,
    PostgreSql,
}

/// <summary>An external database from a URL: <c>mysql://user:pass@host:port/db</c> or <c>postgres://user:pass@host:port/db</c>.</summary>
public sealed record ExternalDatabase(ExternalDatabaseKind Kind, string Host, int Port, string Database, string User, string Password)
{
    /// <summary>
    /// History:ExternalVerifyCertificate: TLS required and the server's certificate checked against the system's CAs
    /// and the host name (VerifyFull in both drivers). Off: the drivers' default, which encrypts when the server offers
    /// it but believes any certificate.
    /// </summary>
    public bool VerifyServer { get; init; }

    /// <summary>Parses History:External. False with a reason for anything else (empty means off: check that first).</summary>
    public static bool TryParse(string? url, out ExternalDatabase? db, out string? problem)
    {
        db = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out Uri? uri))
        {
            problem = Catalog.History.External.Key + " must look like mysql://user:password@host:3306/database or postgres://user:password@host:5432/database.";
            return false;
        }

        ExternalDatabaseKind? kind = uri.Scheme switch
        {
            "mysql" or "mariadb" => ExternalDatabaseKind.MySql,
            "postgres" or "postgresql" => ExternalDatabaseKind.PostgreSql,
            _ => null,
        };
        string database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (kind is null || string.IsNullOrEmpty(uri.Host) || database.Length == 0)
        {
            problem = $"{Catalog.History.External.Key}: use mysql:// or postgres:// with a host and a database name (got {uri.Scheme}://{uri.Host}/{database}).";
            return false;
        }

        string[] userInfo = uri.UserInfo.Split(':', 2);
        int port = uri.IsDefaultPort || uri.Port <= 0 ? (kind == ExternalDatabaseKind.MySql ? 3306 : 5432) : uri.Port;
        db = new ExternalDatabase(
            kind.Value, uri.Host, port, database, Uri.UnescapeDataString(userInfo[0]), userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "");
        return true;
    }

    /// <summary>For messages: never the password.</summary>
    public string Describe() => $"{(Kind == ExternalDatabaseKind.MySql ? "mysql" : "postgres")}://{User}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}/{Database}";

    public override string ToString() => Describe();

    internal DbConnection CreateConnection() => Kind switch
    {
        ExternalDatabaseKind.PostgreSql => new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = Host, Port = Port, Database = Database, Username = User, Password = Password,
            Timeout = 5, CommandTimeout = 30, Pooling = false, SslMode = VerifyServer ? SslMode.VerifyFull : SslMode.Prefer,
        }.ConnectionString),
        _ => new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = Host, Port = (uint)Port, Database = Database, UserID = User, Password = Password,
            ConnectionTimeout = 5, DefaultCommandTimeout = 30, Pooling = false, SslMode = VerifyServer ? MySqlSslMode.VerifyFull : MySqlSslMode.Preferred,
        }.ConnectionString),
    };
}
