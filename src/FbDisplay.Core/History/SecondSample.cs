namespace FbDisplay.Core.History;

/// <summary>The battery as it stood in one second: what the log, the rings and the history store keep.</summary>
public readonly record struct SecondSample(
    long UnixSeconds,
    float SocPercent,
    float PackVolts,
    float CurrentAmps,
    float PowerWatts,
    float AmpHours,
    int MaxTemperatureC,
    int MinTemperatureC,
    int LowCellMillivolts,
    int HighCellMillivolts,
    int AverageCellMillivolts);
