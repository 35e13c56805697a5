namespace FbDisplay.Services.History;

/// <summary>
/// The seconds that fell into one bucket of a history query: min / average / max of each graphed value.
/// For a 1-second bucket all three are the same value. The controller's status (0x654) and charge command (0x683)
/// are counted over the seconds that carried them: <see cref="StatusSeconds"/> of <see cref="Count"/> had a status,
/// of them <see cref="ContactorOpenSeconds"/> with a contactor open and <see cref="FaultSeconds"/> with a fault.
/// </summary>
public readonly record struct HistoryBucket(
    long StartUnixSeconds,
    int Count,
    float SocMin,
    float SocAverage,
    float SocMax,
    float WattsMin,
    float WattsAverage,
    float WattsMax,
    float VoltsMin,
    float VoltsAverage,
    float VoltsMax,
    float MaxTempMin,
    float MaxTempAverage,
    float MaxTempMax,
    int CellLowMillivolts,
    int CellHighMillivolts,
    float CellAverageMillivolts,
    int SpreadMinMillivolts,
    float SpreadAverageMillivolts,
    int SpreadMaxMillivolts,
    int StatusSeconds = 0,
    int ContactorOpenSeconds = 0,
    int FaultSeconds = 0,
    int FaultMax = 0,
    int ChargeCommandSeconds = 0,
    float ChargeCommandAverage = 0,
    float ChargeCommandMax = 0);

/// <summary>Which table answered a query.</summary>
public enum HistoryResolution
{
    Seconds,
    Minutes,
    Hours,
}

/// <summary>The answer to a history query: buckets of <see cref="StepSeconds"/>, oldest first; empty buckets are left out.</summary>
public sealed record HistorySeries(long FromUnixSeconds, long ToUnixSeconds, int StepSeconds, HistoryResolution Source, IReadOnlyList<HistoryBucket> Buckets);

/// <summary>Reads stored history; what the web server and the ring rebuild need.</summary>
public interface IHistorySource
{
    /// <summary>At most <paramref name="maxPoints"/> buckets covering [from, to] (unix seconds, inclusive).</summary>
    HistorySeries Query(long fromUnixSeconds, long toUnixSeconds, int maxPoints);

    /// <summary>Every stored second in [from, to], oldest first, streamed (never all in memory).</summary>
    IEnumerable<Core.History.SecondSample> ReadSeconds(long fromUnixSeconds, long toUnixSeconds);
}
