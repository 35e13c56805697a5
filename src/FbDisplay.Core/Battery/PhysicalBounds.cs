namespace FbDisplay.Core.Battery;

/// <summary>
/// Values no battery can report (docs/wire-formats.md, "Physical bounds"). A frame carrying one is rejected whole and
/// counted by reason: it is never shown, logged or alarmed on.
/// </summary>
public static class PhysicalBounds
{
    /// <summary>SOC above this is impossible (0x650 carries SOC x2, so the raw byte may be at most 200).</summary>
    public const float MaxSocPercent = 100f;

    /// <summary>A cell (0x651 lowest, highest, average; 0x652 cutoffs) above 5 V is impossible for any chemistry sold.</summary>
    public const int MaxCellMillivolts = 5000;

    /// <summary>A pack above 1000 V is outside what the controller and this display are built for.</summary>
    public const float MaxPackVolts = 1000f;

    /// <summary>A terminal temperature above 150 °C means a wrong sensor or a fire: neither is a value to log.</summary>
    public const int MaxTemperatureC = 150;
}
