using System.Globalization;
using System.Text.Json;
using FbDisplay.Core.History;
using FbDisplay.Services.History;
using FbDisplay.Services.Web;
using FbDisplay.TestSupport;
using Microsoft.Data.Sqlite;
using static FbDisplay.Services.Tests.History.HistoryStoreTests;

namespace FbDisplay.Services.Tests.History;

/// <summary>The controller's 0x654 status and 0x683 charge command in history.db, its rollups and /api/history.</summary>
public class HistoryControllerStatusTests
{
    /// <summary>
    /// Seconds 0-59 of each minute: a contactor opens at 20 (flags 0x24: positive open, charge enabled), a fault
    /// (2, cell over-voltage) from 40; the charge command falls 0.1 A a second from 30 A. Minute 3 has no status
    /// at all, as from a controller that does not send 0x654 / 0x683.
    /// </summary>
    private static SecondSample WithStatus(long t)
    {
        long s = (t - Day0) % 60;
        long minute = (t - Day0) / 60;
        if (minute == 3)
        {
            return Sample(t);
        }

        return Sample(t) with
        {
            ControllerFlags = (byte)(s >= 20 ? 0x24 : 0x04),
            FaultCode = (byte)(s >= 40 ? 2 : 0),
            ChargeCommandAmps = 30f - (s / 10f),
            FrequencyShiftVolts = 3.45f,
        };
    }

    private static async Task FillWithStatusAsync(string dir, int count)
    {
        await using var store = new HistoryStore(Options(dir), TimeProvider.System);
        store.Start();
        for (long i = 0; i < count; i++)
        {
            store.TryAdd(WithStatus(Day0 + i));
        }
    }

    [Test]
    public async Task Status_and_charge_command_come_back_per_second_and_are_null_where_none_was_sent()
    {
        using var dir = new TempDirectory();
        await FillWithStatusAsync(dir.Path, 240);
        await using var store = new HistoryStore(Options(dir.Path), TimeProvider.System);
        SecondSample[] back = [.. store.ReadSeconds(Day0, Day0 + 239)];
        Assert.That(back, Has.Length.EqualTo(240));
        Assert.Multiple(() =>
        {
            Assert.That(back[5].ControllerFlags, Is.EqualTo(0x04));
            Assert.That(back[5].ContactorOpen, Is.False);
            Assert.That(back[25].ControllerFlags, Is.EqualTo(0x24));
            Assert.That(back[25].ContactorOpen, Is.True);
            Assert.That(back[45].FaultCode, Is.EqualTo(2));
            Assert.That(back[12].ChargeCommandAmps, Is.EqualTo(28.8f).Within(0.001f));
            Assert.That(back[12].FrequencyShiftVolts, Is.EqualTo(3.45f).Within(0.001f));
            Assert.That(back[200].ControllerFlags, Is.Null, "minute 3 had no 0x654");
            Assert.That(back[200].FaultCode, Is.Null);
            Assert.That(back[200].ChargeCommandAmps, Is.Null);
            Assert.That(back[200].SocPercent, Is.EqualTo(Sample(Day0 + 200).SocPercent).Within(0.05f), "the rest of the second is stored as ever");
        });
    }

    [Test]
    public async Task Minute_rollups_count_open_contactors_and_faults_like_the_seconds_they_summarise()
    {
        using var dir = new TempDirectory();
        await FillWithStatusAsync(dir.Path, 240);
        await using var store = new HistoryStore(Options(dir.Path), TimeProvider.System);
        HistorySeries minutes = store.Query(Day0, Day0 + 239, 5); // 60 s buckets from the minute table
        HistorySeries halves = store.Query(Day0, Day0 + 239, 9); // 30 s buckets grouped from the seconds
        Assert.That(minutes.Source, Is.EqualTo(HistoryResolution.Minutes));
        Assert.That(minutes.StepSeconds, Is.EqualTo(60));
        Assert.That(halves.Source, Is.EqualTo(HistoryResolution.Seconds));
        Assert.That(halves.StepSeconds, Is.EqualTo(30));
        Assert.That(minutes.Buckets, Has.Count.EqualTo(4));
        Assert.That(halves.Buckets, Has.Count.EqualTo(8));
        HistoryBucket m0 = minutes.Buckets[0];
        Assert.Multiple(() =>
        {
            Assert.That(m0.StatusSeconds, Is.EqualTo(60));
            Assert.That(m0.ContactorOpenSeconds, Is.EqualTo(40));
            Assert.That(m0.FaultSeconds, Is.EqualTo(20));
            Assert.That(m0.FaultMax, Is.EqualTo(2));
            Assert.That(m0.ChargeCommandSeconds, Is.EqualTo(60));
            Assert.That(m0.ChargeCommandAverage, Is.EqualTo(30f - 2.95f).Within(0.001f));
            Assert.That(m0.ChargeCommandMax, Is.EqualTo(30f));
            Assert.That(minutes.Buckets[3].StatusSeconds, Is.Zero, "minute 3 had no status");
            Assert.That(minutes.Buckets[3].ChargeCommandSeconds, Is.Zero);
        });

        for (int i = 0; i < 4; i++)
        {
            HistoryBucket m = minutes.Buckets[i], a = halves.Buckets[2 * i], b = halves.Buckets[(2 * i) + 1];
            Assert.Multiple(() =>
            {
                Assert.That(m.StatusSeconds, Is.EqualTo(a.StatusSeconds + b.StatusSeconds), $"minute {i}");
                Assert.That(m.ContactorOpenSeconds, Is.EqualTo(a.ContactorOpenSeconds + b.ContactorOpenSeconds));
                Assert.That(m.FaultSeconds, Is.EqualTo(a.FaultSeconds + b.FaultSeconds));
                Assert.That(m.FaultMax, Is.EqualTo(Math.Max(a.FaultMax, b.FaultMax)));
                Assert.That(m.ChargeCommandSeconds, Is.EqualTo(a.ChargeCommandSeconds + b.ChargeCommandSeconds));
                Assert.That(m.ChargeCommandMax, Is.EqualTo(Math.Max(a.ChargeCommandMax, b.ChargeCommandMax)));
            });
        }
    }

    [Test]
    public async Task The_history_api_gives_status_columns_and_nulls_where_the_controller_sent_none()
    {
        using var dir = new TempDirectory();
        await FillWithStatusAsync(dir.Path, 240);
        await using var store = new HistoryStore(Options(dir.Path), TimeProvider.System);
        using var buffer = new MemoryStream();
        await using (var w = new Utf8JsonWriter(buffer))
        {
            HistoryEndpoints.WriteColumns(w, store.Query(Day0, Day0 + 239, 5));
        }

        using JsonDocument doc = JsonDocument.Parse(buffer.ToArray());
        JsonElement root = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("contactorOpen")[0].GetInt32(), Is.EqualTo(40));
            Assert.That(root.GetProperty("fault")[0].GetInt32(), Is.EqualTo(2));
            Assert.That(root.GetProperty("faultSeconds")[0].GetInt32(), Is.EqualTo(20));
            Assert.That(root.GetProperty("tcch")[0].GetDouble(), Is.EqualTo(27.05).Within(0.06));
            Assert.That(root.GetProperty("tcchMax")[0].GetDouble(), Is.EqualTo(30));
            Assert.That(root.GetProperty("contactorOpen")[3].ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("fault")[3].ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("tcch")[3].ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task A_version_1_file_gains_the_columns_and_keeps_its_rows()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, HistoryOptions.FileName);
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            Exec(c, """
                CREATE TABLE seconds (t INTEGER PRIMARY KEY, soc INTEGER NOT NULL, volts INTEGER NOT NULL, amps INTEGER NOT NULL,
                    watts INTEGER NOT NULL, ah INTEGER NOT NULL, temp_max INTEGER NOT NULL, temp_min INTEGER NOT NULL,
                    cell_low INTEGER NOT NULL, cell_high INTEGER NOT NULL, cell_avg INTEGER NOT NULL);
                CREATE TABLE minutes (t INTEGER PRIMARY KEY, {0});
                CREATE TABLE hours (t INTEGER PRIMARY KEY, {0});
                INSERT INTO seconds VALUES (1700000000, 555, 483, -3457, -1397, -141571, 36, 30, 3901, 3950, 3925);
                INSERT INTO minutes VALUES (1699999980, 1, 555, 555, 555, -1397, -1397, -1397, 483, 483, 483, 36, 36, 36, 3901, 3950, 3925, 49, 49, 49);
                PRAGMA user_version = 1;
                """.Replace("{0}", Version1RollupColumns, StringComparison.Ordinal));
        }

        var reports = new List<string>();
        await using (var store = new HistoryStore(Options(dir.Path), TimeProvider.System, reports.Add))
        {
            store.Start();
            store.TryAdd(WithStatus(1_700_000_030) with { ControllerFlags = 0x10, FaultCode = 4 });
        }

        await using var reader = new HistoryStore(Options(dir.Path), TimeProvider.System);
        SecondSample[] back = [.. reader.ReadSeconds(1_700_000_000, 1_700_000_030)];
        HistorySeries minute = reader.Query(1_699_999_980, 1_700_000_039, 2);
        Assert.Multiple(() =>
        {
            Assert.That(reports, Has.Some.Contains("upgraded to schema 2"));
            Assert.That(back, Has.Length.EqualTo(2));
            Assert.That(back[0].SocPercent, Is.EqualTo(55.5f), "the old row is kept");
            Assert.That(back[0].ControllerFlags, Is.Null, "an old second has no status");
            Assert.That(back[1].ControllerFlags, Is.EqualTo(0x10));
            Assert.That(back[1].FaultCode, Is.EqualTo(4));
            Assert.That(minute.Buckets.Sum(b => b.Count), Is.EqualTo(2), "the old bucket merged with the new second");
            Assert.That(minute.Buckets.Sum(b => b.ContactorOpenSeconds), Is.EqualTo(1));
            Assert.That(IntegrityCheck(path), Is.EqualTo("ok"));
        });

        using var check = new SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using SqliteCommand v = check.CreateCommand();
        v.CommandText = "PRAGMA user_version";
        Assert.That(Convert.ToInt64(v.ExecuteScalar(), CultureInfo.InvariantCulture), Is.EqualTo(2));
    }

    private const string Version1RollupColumns =
        "n INTEGER NOT NULL, soc_min INTEGER, soc_sum INTEGER, soc_max INTEGER, watts_min INTEGER, watts_sum INTEGER, watts_max INTEGER, " +
        "volts_min INTEGER, volts_sum INTEGER, volts_max INTEGER, temp_min INTEGER, temp_sum INTEGER, temp_max INTEGER, " +
        "cell_low_min INTEGER, cell_high_max INTEGER, cell_avg_sum INTEGER, spread_min INTEGER, spread_sum INTEGER, spread_max INTEGER";

    private static void Exec(SqliteConnection c, string sql)
    {
        using SqliteCommand cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
