using System.Diagnostics;
using System.Globalization;
using FbDisplay.Core.History;
using FbDisplay.Services.History;
using FbDisplay.TestSupport;
using Npgsql;

namespace FbDisplay.Services.Tests.History;

[NonParallelizable]
public class ExternalHistoryMirrorTests
{
    [TestCase("postgres://grafana:s%40cret@db.local:5433/solar", ExternalDatabaseKind.PostgreSql, "db.local", 5433, "solar", "grafana", "s@cret")]
    [TestCase("mysql://pi:raspberry@192.168.1.72/battery", ExternalDatabaseKind.MySql, "192.168.1.72", 3306, "battery", "pi", "raspberry")]
    [TestCase("postgresql://u@h/d", ExternalDatabaseKind.PostgreSql, "h", 5432, "d", "u", "")]
    public void External_urls_parse(string url, ExternalDatabaseKind kind, string host, int port, string db, string user, string password)
    {
        Assert.That(ExternalDatabase.TryParse(url, out ExternalDatabase? d, out _), Is.True);
        Assert.That(d, Is.EqualTo(new ExternalDatabase(kind, host, port, db, user, password)));
        Assert.That(d!.Describe(), Does.Not.Contain(password.Length > 0 ? password : "\u0000"));
    }

    [TestCase("")]
    [TestCase("sqlite:///x")]
    [TestCase("mysql://host")]
    [TestCase("not a url")]
    public void Bad_external_urls_are_refused_with_a_reason(string url)
    {
        Assert.That(ExternalDatabase.TryParse(url, out _, out string? problem), Is.False);
        Assert.That(problem, Does.Contain("History:External"));
    }

    [Test]
    public async Task Seconds_reach_a_real_postgres_and_an_outage_is_caught_up_without_blocking()
    {
        using var pg = PostgresServer.Start();
        using var dir = new TempDirectory();
        long t0 = HistoryStoreTests.Day0;

        // The local store holds every second; the mirror's own queue is small so the outage overflows it.
        await using var local = new HistoryStore(HistoryStoreTests.Options(dir.Path), TimeProvider.System);
        local.Start();
        var messages = new List<string>();
        await using var mirror = new ExternalHistoryMirror(
            pg.Database, TimeProvider.System, local, m => { lock (messages) { messages.Add(m); } },
            bufferSeconds: 100, batchRows: 50, batchInterval: TimeSpan.FromMilliseconds(50));
        mirror.Start();
        void Add(long t)
        {
            SecondSample s = HistoryStoreTests.Sample(t);
            local.TryAdd(s);
            mirror.TryAdd(s);
        }

        for (long t = t0; t < t0 + 80; t++)
        {
            Add(t);
        }

        await Eventually.TrueAsync(() => mirror.RowsSent == 80, 30);
        Assert.That(pg.Count(), Is.EqualTo(80));
        Assert.That(mirror.IsConnected, Is.True);

        pg.Stop();
        long started = TimeProvider.System.GetTimestamp();
        for (long t = t0 + 80; t < t0 + 380; t++)
        {
            Add(t);
        }

        Assert.That(TimeProvider.System.GetElapsedTime(started), Is.LessThan(TimeSpan.FromMilliseconds(500)), "adding never waits for the server");
        await Eventually.TrueAsync(() => mirror.Failures > 0 && mirror.RowsDropped > 0, 30);
        await Eventually.TrueAsync(() => local.LastCommittedSecond == t0 + 379, 10);
        Assert.That(mirror.IsConnected, Is.False);
        // The mirror's thread adds to the list: read it under its lock (an unlocked read raced with the add under load).
        await Eventually.TrueAsync(() => { lock (messages) { return messages.Exists(m => m.Contains("External database postgres://postgres@127.0.0.1", StringComparison.Ordinal)); } }, 10);

        pg.Restart();
        await Eventually.TrueAsync(() => pg.Count() == 380, 60);
        Assert.That(pg.Scalar("SELECT count(DISTINCT time) FROM battery_seconds"), Is.EqualTo(380));
        Assert.That(mirror.RowsBackfilled, Is.GreaterThan(0), "what the queue dropped came from history.db");
        Assert.That(pg.Scalar("SELECT round(soc * 10) FROM battery_seconds ORDER BY time DESC LIMIT 1"), Is.EqualTo((long)Math.Round(HistoryStoreTests.Sample(t0 + 379).SocPercent * 10)));
        Assert.That(mirror.LastError, Is.Null);
    }

    [Test]
    public async Task The_controllers_status_reaches_postgres_and_a_table_from_an_older_display_gains_its_columns()
    {
        using var pg = PostgresServer.Start();
        pg.Scalar($"CREATE TABLE {ExternalHistoryMirror.TableName} (time timestamptz PRIMARY KEY, soc real, volts real, amps real, watts real, " +
            "amp_hours real, temp_max smallint, temp_min smallint, cell_low_mv smallint, cell_high_mv smallint, cell_avg_mv smallint, cell_spread_mv smallint); SELECT 0");
        using var dir = new TempDirectory();
        long t0 = HistoryStoreTests.Day0;
        await using var local = new HistoryStore(HistoryStoreTests.Options(dir.Path), TimeProvider.System);
        var messages = new List<string>();
        await using var mirror = new ExternalHistoryMirror(
            pg.Database, TimeProvider.System, local, m => { lock (messages) { messages.Add(m); } },
            bufferSeconds: 100, batchRows: 50, batchInterval: TimeSpan.FromMilliseconds(50));
        mirror.Start();
        mirror.TryAdd(HistoryStoreTests.Sample(t0) with { ControllerFlags = 0x24, FaultCode = 2, ChargeCommandAmps = 30.5f, FrequencyShiftVolts = 3.45f });
        mirror.TryAdd(HistoryStoreTests.Sample(t0 + 1));

        await Eventually.TrueAsync(() => mirror.RowsSent == 2, 30);
        Assert.Multiple(() =>
        {
            Assert.That(pg.Scalar("SELECT controller_flags FROM battery_seconds ORDER BY time LIMIT 1"), Is.EqualTo(0x24));
            Assert.That(pg.Scalar("SELECT fault_code FROM battery_seconds ORDER BY time LIMIT 1"), Is.EqualTo(2));
            Assert.That(pg.Scalar("SELECT round(charge_command_amps * 10) FROM battery_seconds ORDER BY time LIMIT 1"), Is.EqualTo(305));
            Assert.That(pg.Scalar("SELECT round(frequency_shift_volts * 100) FROM battery_seconds ORDER BY time LIMIT 1"), Is.EqualTo(345));
            Assert.That(pg.Scalar("SELECT count(*) FROM battery_seconds WHERE controller_flags IS NULL AND fault_code IS NULL AND charge_command_amps IS NULL"), Is.EqualTo(1), "a second without a status is NULL");
        });
        lock (messages)
        {
            Assert.That(messages.Count(m => m.Contains("added to battery_seconds", StringComparison.Ordinal)), Is.EqualTo(4), string.Join("\n", messages));
        }
    }

    [Test]
    public async Task With_a_verified_certificate_required_a_server_without_tls_is_refused_and_says_why()
    {
        using var pg = PostgresServer.Start();
        using var dir = new TempDirectory();
        await using var local = new HistoryStore(HistoryStoreTests.Options(dir.Path), TimeProvider.System);
        local.Start();
        var messages = new List<string>();
        await using var mirror = new ExternalHistoryMirror(
            pg.Database with { VerifyServer = true }, TimeProvider.System, local, m => { lock (messages) { messages.Add(m); } },
            bufferSeconds: 100, batchRows: 50, batchInterval: TimeSpan.FromMilliseconds(50));
        mirror.Start();
        mirror.TryAdd(HistoryStoreTests.Sample(HistoryStoreTests.Day0));

        await Eventually.TrueAsync(() => mirror.Failures > 0, 30);
        TestContext.Out.WriteLine(mirror.LastError);
        Assert.Multiple(() =>
        {
            Assert.That(mirror.RowsSent, Is.Zero, "nothing crosses an unverified link");
            Assert.That(pg.Scalar("SELECT count(*) FROM pg_tables WHERE tablename = 'battery_seconds'"), Is.Zero, "not even the table was made");
            Assert.That(mirror.LastError, Does.Contain("SSL").IgnoreCase.Or.Contain("TLS"), "the reason is named");
            Assert.That(messages, Has.Some.Contains("External database postgres://postgres@127.0.0.1"));
        });
    }

    /// <summary>A throwaway PostgreSQL cluster in a temp folder, on a free loopback port, run as the postgres user when we are root.</summary>
    private sealed class PostgresServer : IDisposable
    {
        private readonly TempDirectory _dir;
        private readonly string _bin;
        private readonly int _port;

        private PostgresServer(TempDirectory dir, string bin, int port)
        {
            _dir = dir;
            _bin = bin;
            _port = port;
            Database = new ExternalDatabase(ExternalDatabaseKind.PostgreSql, "127.0.0.1", port, "postgres", "postgres", "");
        }

        public ExternalDatabase Database { get; }

        private string DataDir => Path.Combine(_dir.Path, "data");

        public static PostgresServer Start()
        {
            string? bin = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
                : null;
            if (bin is null)
            {
                DebianPackages.Require(
                    () => Directory.Exists("/usr/lib/postgresql") && Directory.GetDirectories("/usr/lib/postgresql").Any(d => File.Exists(Path.Combine(d, "bin", "initdb"))),
                    () => "/usr/lib/postgresql/*/bin/initdb",
                    "postgresql");
                bin = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).OrderDescending().First();
            }

            var dir = new TempDirectory("pg");
            Run("chown", "postgres:postgres", dir.Path);
            var server = new PostgresServer(dir, bin, FreePort.Tcp());
            server.AsPostgres(Path.Combine(bin, "initdb"), "-D", server.DataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
            server.Restart();
            return server;
        }

        public void Restart()
        {
            AsPostgres(
                Path.Combine(_bin, "pg_ctl"), "-D", DataDir, "-w", "-t", "30", "-l", Path.Combine(_dir.Path, "log.txt"), "start",
                "-o", $"-p {_port.ToString(CultureInfo.InvariantCulture)} -k {_dir.Path} -c listen_addresses=127.0.0.1 -c fsync=off");
        }

        public void Stop() => AsPostgres(Path.Combine(_bin, "pg_ctl"), "-D", DataDir, "-w", "-m", "immediate", "stop");

        public long Count() => Scalar($"SELECT count(*) FROM {ExternalHistoryMirror.TableName}");

        public long Scalar(string sql)
        {
            using var c = new NpgsqlConnection($"Host=127.0.0.1;Port={_port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Pooling=false");
            c.Open();
            using var cmd = new NpgsqlCommand(sql, c);
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            try
            {
                Stop();
            }
            catch (InvalidOperationException)
            {
            }

            _dir.Dispose();
        }

        private void AsPostgres(params string[] args)
        {
            if (Environment.UserName == "root")
            {
                Run("runuser", ["-u", "postgres", "--", .. args]);
            }
            else
            {
                Run(args[0], args[1..]);
            }
        }

        private static void Run(string file, params string[] args)
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
            using Process p = Process.Start(psi)!;
            Task<string> stdout = p.StandardOutput.ReadToEndAsync();
            string err = p.StandardError.ReadToEnd();
            if (!p.WaitForExit(60_000))
            {
                p.Kill(entireProcessTree: true);
            }

            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}):\n{stdout.Result}\n{err}");
            }
        }
    }
}
