namespace FbDisplay.Core.History;

/// <summary>
/// The battery as it stood in one second: what the log, the rings and the history store keep. The controller's
/// 0x654 status (flags byte, fault code) and 0x683 charge command are null in a second they were not fresh in
/// (a controller that does not send them, a Pylontech battery, seconds imported from a PowerSafe100.log).
/// </summary>
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
    int AverageCellMillivolts,
    byte? ControllerFlags = null,
    byte? FaultCode = null,
    float? ChargeCommandAmps = null,
    float? FrequencyShiftVolts = null)
{
    /// <summary>A contactor was open in this second (0x654 flags 0x10 or 0x20).</summary>
    public bool ContactorOpen => ControllerFlags is byte f && (f & 0x30) != 0;
}
