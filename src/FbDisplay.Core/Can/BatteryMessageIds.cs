namespace FbDisplay.Core.Can;

/// <summary>The CAN identifiers of the EVTV battery protocol (manual, CAN MESSAGE IDS).</summary>
public static class BatteryMessageIds
{
    /// <summary>Pack current, pack volts x10, Ah x10, max and min temperature.</summary>
    public const uint Pack = 0x150;

    /// <summary>Field extension: int32 current x100, int32 power x100.</summary>
    public const uint PackPrecise = 0x151;

    /// <summary>SOC x2.</summary>
    public const uint Soc = 0x650;

    /// <summary>Low, high and average cell millivolts; bytes 6-7 max and active cells when present.</summary>
    public const uint CellSummary = 0x651;

    /// <summary>High and low cell cutoff x10 in bytes 4-7.</summary>
    public const uint Cutoffs = 0x652;

    /// <summary>Six cell voltages per frame with sequence number and module count.</summary>
    public const uint Cells = 0x68F;

    /// <summary>Real controllers: byte 0 contactor, charge/heat enable and power-source flags; byte 1 a fault code.</summary>
    public const uint ControllerStatus = 0x654;

    /// <summary>Real controllers: bytes 2-3 frequency-shift volts x100, bytes 4-5 the charge-current command (TCCH) x10.</summary>
    public const uint ChargeCommand = 0x683;

    /// <summary>The ids a kernel CAN filter should pass.</summary>
    public static ReadOnlySpan<uint> All => [Pack, PackPrecise, Soc, CellSummary, Cutoffs, Cells, ControllerStatus, ChargeCommand];
}
