using FbDisplay.Core.History;

namespace FbDisplay.Services.History;

/// <summary>
/// The history.db tables (docs/history.md). Values are stored as scaled integers (SOC x10, volts x10, amps x100,
/// Ah x100) because SQLite packs small integers into 1-3 bytes: about 28 bytes per second on disk. Version 2 added
/// the controller's 0x654 status and 0x683 charge command (NULL in a second they were not sent); an older file gets
/// the columns at open (<see cref="AddedInVersion2"/>), its old seconds NULL and its old buckets 0.
/// </summary>
internal static class HistorySchema
{
    public const int Version = 2;

    public const string CreateTables = """
        CREATE TABLE IF NOT EXISTS seconds (
            t INTEGER PRIMARY KEY,
            soc INTEGER NOT NULL,
            volts INTEGER NOT NULL,
            amps INTEGER NOT NULL,
            watts INTEGER NOT NULL,
            ah INTEGER NOT NULL,
            temp_max INTEGER NOT NULL,
            temp_min INTEGER NOT NULL,
            cell_low INTEGER NOT NULL,
            cell_high INTEGER NOT NULL,
            cell_avg INTEGER NOT NULL,
            flags INTEGER,
            fault INTEGER,
            tcch INTEGER,
            fshift INTEGER);
        CREATE TABLE IF NOT EXISTS minutes (t INTEGER PRIMARY KEY, {0});
        CREATE TABLE IF NOT EXISTS hours (t INTEGER PRIMARY KEY, {0});
        """;

    /// <summary>Rollup columns: count, then min/sum/max so buckets merge by addition (avg = sum / n).</summary>
    public const string RollupColumns =
        "n INTEGER NOT NULL, soc_min INTEGER, soc_sum INTEGER, soc_max INTEGER, " +
        "watts_min INTEGER, watts_sum INTEGER, watts_max INTEGER, volts_min INTEGER, volts_sum INTEGER, volts_max INTEGER, " +
        "temp_min INTEGER, temp_sum INTEGER, temp_max INTEGER, cell_low_min INTEGER, cell_high_max INTEGER, cell_avg_sum INTEGER, " +
        "spread_min INTEGER, spread_sum INTEGER, spread_max INTEGER, " + StatusRollupColumns;

    /// <summary>
    /// Per bucket: seconds with a 0x654 status, of them with a contactor open and with a fault, the highest fault
    /// code; seconds with a 0x683 charge command, its sum and maximum (A x10).
    /// </summary>
    private const string StatusRollupColumns =
        "status_n INTEGER NOT NULL DEFAULT 0, open_n INTEGER NOT NULL DEFAULT 0, fault_n INTEGER NOT NULL DEFAULT 0, " +
        "fault_max INTEGER NOT NULL DEFAULT 0, tcch_n INTEGER NOT NULL DEFAULT 0, tcch_sum INTEGER NOT NULL DEFAULT 0, " +
        "tcch_max INTEGER NOT NULL DEFAULT 0";

    /// <summary>(table, column, declaration) that a version-1 file lacks; ALTER TABLE ADD COLUMN keeps every row.</summary>
    public static readonly (string Table, string Column, string Declaration)[] AddedInVersion2 =
    [
        ("seconds", "flags", "INTEGER"), ("seconds", "fault", "INTEGER"), ("seconds", "tcch", "INTEGER"), ("seconds", "fshift", "INTEGER"),
        .. RollupAdditions("minutes"), .. RollupAdditions("hours"),
    ];

    public const string InsertSecond =
        "INSERT OR IGNORE INTO seconds (t, soc, volts, amps, watts, ah, temp_max, temp_min, cell_low, cell_high, cell_avg, flags, fault, tcch, fshift) " +
        "VALUES ($t, $soc, $volts, $amps, $watts, $ah, $tmax, $tmin, $low, $high, $avg, $flags, $fault, $tcch, $fshift)";

    public static string UpsertRollup(string table) =>
        $"INSERT INTO {table} (t, n, soc_min, soc_sum, soc_max, watts_min, watts_sum, watts_max, volts_min, volts_sum, volts_max, " +
        "temp_min, temp_sum, temp_max, cell_low_min, cell_high_max, cell_avg_sum, spread_min, spread_sum, spread_max, " +
        "status_n, open_n, fault_n, fault_max, tcch_n, tcch_sum, tcch_max) " +
        "VALUES ($t, $n, $soc_min, $soc_sum, $soc_max, $watts_min, $watts_sum, $watts_max, $volts_min, $volts_sum, $volts_max, " +
        "$temp_min, $temp_sum, $temp_max, $cell_low_min, $cell_high_max, $cell_avg_sum, $spread_min, $spread_sum, $spread_max, " +
        "$status_n, $open_n, $fault_n, $fault_max, $tcch_n, $tcch_sum, $tcch_max) " +
        "ON CONFLICT(t) DO UPDATE SET n = n + excluded.n, " +
        "soc_min = min(soc_min, excluded.soc_min), soc_sum = soc_sum + excluded.soc_sum, soc_max = max(soc_max, excluded.soc_max), " +
        "watts_min = min(watts_min, excluded.watts_min), watts_sum = watts_sum + excluded.watts_sum, watts_max = max(watts_max, excluded.watts_max), " +
        "volts_min = min(volts_min, excluded.volts_min), volts_sum = volts_sum + excluded.volts_sum, volts_max = max(volts_max, excluded.volts_max), " +
        "temp_min = min(temp_min, excluded.temp_min), temp_sum = temp_sum + excluded.temp_sum, temp_max = max(temp_max, excluded.temp_max), " +
        "cell_low_min = min(cell_low_min, excluded.cell_low_min), cell_high_max = max(cell_high_max, excluded.cell_high_max), " +
        "cell_avg_sum = cell_avg_sum + excluded.cell_avg_sum, spread_min = min(spread_min, excluded.spread_min), " +
        "spread_sum = spread_sum + excluded.spread_sum, spread_max = max(spread_max, excluded.spread_max), " +
        "status_n = status_n + excluded.status_n, open_n = open_n + excluded.open_n, fault_n = fault_n + excluded.fault_n, " +
        "fault_max = max(fault_max, excluded.fault_max), tcch_n = tcch_n + excluded.tcch_n, tcch_sum = tcch_sum + excluded.tcch_sum, " +
        "tcch_max = max(tcch_max, excluded.tcch_max)";

    /// <summary>Raw seconds in the rollup column shape, so one reader serves every resolution.</summary>
    public const string SelectRawAsBuckets =
        "SELECT t, 1, soc, soc, soc, watts, watts, watts, volts, volts, volts, temp_max, temp_max, temp_max, " +
        "cell_low, cell_high, cell_avg, cell_high - cell_low, cell_high - cell_low, cell_high - cell_low, " +
        "flags IS NOT NULL, coalesce(flags & 48, 0) != 0, coalesce(fault, 0) != 0, coalesce(fault, 0), tcch IS NOT NULL, " +
        "coalesce(tcch, 0), coalesce(tcch, 0) " +
        "FROM seconds WHERE t BETWEEN $from AND $to ORDER BY t";

    public const string SelectRawGrouped =
        "SELECT (t / $step) * $step AS b, count(*), min(soc), sum(soc), max(soc), min(watts), sum(watts), max(watts), " +
        "min(volts), sum(volts), max(volts), min(temp_max), sum(temp_max), max(temp_max), min(cell_low), max(cell_high), sum(cell_avg), " +
        "min(cell_high - cell_low), sum(cell_high - cell_low), max(cell_high - cell_low), " +
        "count(flags), coalesce(sum(coalesce(flags & 48, 0) != 0), 0), coalesce(sum(coalesce(fault, 0) != 0), 0), max(coalesce(fault, 0)), " +
        "count(tcch), coalesce(sum(tcch), 0), max(coalesce(tcch, 0)) " +
        "FROM seconds WHERE t BETWEEN $from AND $to GROUP BY b ORDER BY b";

    public static string SelectRollupGrouped(string table) =>
        "SELECT (t / $step) * $step AS b, sum(n), min(soc_min), sum(soc_sum), max(soc_max), min(watts_min), sum(watts_sum), max(watts_max), " +
        "min(volts_min), sum(volts_sum), max(volts_max), min(temp_min), sum(temp_sum), max(temp_max), min(cell_low_min), max(cell_high_max), " +
        "sum(cell_avg_sum), min(spread_min), sum(spread_sum), max(spread_max), " +
        "sum(status_n), sum(open_n), sum(fault_n), max(fault_max), sum(tcch_n), sum(tcch_sum), max(tcch_max) " +
        $"FROM {table} WHERE t BETWEEN $from AND $to GROUP BY b ORDER BY b";

    public const string SelectSeconds =
        "SELECT t, soc, volts, amps, watts, ah, temp_max, temp_min, cell_low, cell_high, cell_avg, flags, fault, tcch, fshift FROM seconds " +
        "WHERE t BETWEEN $from AND $to ORDER BY t";

    public static long Soc(float percent) => Scale(percent, 10);

    public static long Volts(float volts) => Scale(volts, 10);

    public static long Amps(float amps) => Scale(amps, 100);

    public static long Watts(float watts) => Scale(watts, 1);

    public static long AmpHours(float ah) => Scale(ah, 100);

    /// <summary>The 0x683 charge command, A x10 (the wire's resolution).</summary>
    public static long? ChargeCommand(float? amps) => amps is float a ? Scale(a, 10) : null;

    /// <summary>The 0x683 frequency-shift voltage, V x100 (the wire's resolution).</summary>
    public static long? FrequencyShift(float? volts) => volts is float v ? Scale(v, 100) : null;

    public static SecondSample ToSample(long t, long soc, long volts, long amps, long watts, long ah, long tmax, long tmin, long low, long high, long avg) =>
        new(t, soc / 10f, volts / 10f, amps / 100f, watts, ah / 100f, (int)tmax, (int)tmin, (int)low, (int)high, (int)avg);

    public static SecondSample WithStatus(SecondSample s, long? flags, long? fault, long? tcch, long? fshift) =>
        s with
        {
            ControllerFlags = flags is long f ? (byte)f : null,
            FaultCode = fault is long c ? (byte)c : null,
            ChargeCommandAmps = tcch is long a ? a / 10f : null,
            FrequencyShiftVolts = fshift is long v ? v / 100f : null,
        };

    private static IEnumerable<(string, string, string)> RollupAdditions(string table) =>
        new[] { "status_n", "open_n", "fault_n", "fault_max", "tcch_n", "tcch_sum", "tcch_max" }.Select(c => (table, c, "INTEGER NOT NULL DEFAULT 0"));

    private static long Scale(float v, int by) => float.IsFinite(v) ? (long)Math.Round((double)v * by, MidpointRounding.AwayFromZero) : 0;
}

/// <summary>min / sum / max of one rollup bucket while a batch is being committed.</summary>
internal struct RollupAccumulator
{
    public long N;
    public long SocMin, SocSum, SocMax;
    public long WattsMin, WattsSum, WattsMax;
    public long VoltsMin, VoltsSum, VoltsMax;
    public long TempMin, TempSum, TempMax;
    public long CellLowMin, CellHighMax, CellAvgSum;
    public long SpreadMin, SpreadSum, SpreadMax;
    public long StatusN, OpenN, FaultN, FaultMax;
    public long TcchN, TcchSum, TcchMax;

    /// <summary>The 0x654 / 0x683 part of one second, counted only where the second has it.</summary>
    public void AddStatus(in SecondSample s)
    {
        if (s.ControllerFlags is not null)
        {
            StatusN++;
            OpenN += s.ContactorOpen ? 1 : 0;
            int fault = s.FaultCode ?? 0;
            FaultN += fault != 0 ? 1 : 0;
            FaultMax = Math.Max(FaultMax, fault);
        }

        if (HistorySchema.ChargeCommand(s.ChargeCommandAmps) is long tcch)
        {
            TcchN++;
            TcchSum += tcch;
            TcchMax = Math.Max(TcchMax, tcch);
        }
    }

    public void Add(long soc, long watts, long volts, long temp, long low, long high, long avg)
    {
        long spread = high - low;
        if (N == 0)
        {
            SocMin = SocMax = soc;
            WattsMin = WattsMax = watts;
            VoltsMin = VoltsMax = volts;
            TempMin = TempMax = temp;
            CellLowMin = low;
            CellHighMax = high;
            SpreadMin = SpreadMax = spread;
        }
        else
        {
            SocMin = Math.Min(SocMin, soc);
            SocMax = Math.Max(SocMax, soc);
            WattsMin = Math.Min(WattsMin, watts);
            WattsMax = Math.Max(WattsMax, watts);
            VoltsMin = Math.Min(VoltsMin, volts);
            VoltsMax = Math.Max(VoltsMax, volts);
            TempMin = Math.Min(TempMin, temp);
            TempMax = Math.Max(TempMax, temp);
            CellLowMin = Math.Min(CellLowMin, low);
            CellHighMax = Math.Max(CellHighMax, high);
            SpreadMin = Math.Min(SpreadMin, spread);
            SpreadMax = Math.Max(SpreadMax, spread);
        }

        N++;
        SocSum += soc;
        WattsSum += watts;
        VoltsSum += volts;
        TempSum += temp;
        CellAvgSum += avg;
        SpreadSum += spread;
    }
}
