namespace FbDisplay.Core.Can;

/// <summary>
/// The CAN identifiers of the Pylontech-compatible battery-to-inverter protocol (11-bit, 500 kbit/s) the display
/// reads; layouts and their sources in docs/wire-formats.md.
/// </summary>
public static class PylontechMessageIds
{
    /// <summary>Charge voltage limit 0.1 V, charge and discharge current limits 0.1 A (signed), discharge voltage 0.1 V.</summary>
    public const uint Limits = 0x351;

    /// <summary>SOC and SOH in %; bytes 4-5 SOC in 0.01 % where sent.</summary>
    public const uint SocSoh = 0x355;

    /// <summary>Voltage 0.01 V, current 0.1 A (signed, positive = charging), temperature 0.1 °C (signed).</summary>
    public const uint Measurements = 0x356;

    /// <summary>Protection (bytes 0-1) and warning (bytes 2-3) flags, pack count (byte 4).</summary>
    public const uint Alarms = 0x359;

    /// <summary>Request flags: charge enable, discharge enable, force charge.</summary>
    public const uint Requests = 0x35C;

    /// <summary>Manufacturer name, ASCII.</summary>
    public const uint Name = 0x35E;

    /// <summary>Where sent: lowest and highest cell mV, lowest and highest cell temperature in kelvin.</summary>
    public const uint CellExtremes = 0x373;

    public static ReadOnlySpan<uint> All => [Limits, SocSoh, Measurements, Alarms, Requests, Name, CellExtremes];

    public static bool IsPylontech(uint id) => id is Limits or SocSoh or Measurements or Alarms or Requests or Name or CellExtremes;
}
