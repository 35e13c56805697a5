namespace FbDisplay.Core.Battery;

/// <summary>
/// The bits of 0x359 (protection in bytes 0-1, warnings in bytes 2-3, the same layout) and 0x35C, as the
/// Pylontech-compatible descriptions in docs/wire-formats.md give them. Bit n of the 16-bit value is bit n of byte 0
/// for n below 8, bit n - 8 of byte 1 above.
/// </summary>
public static class PylontechFlags
{
    public const int CellOrModuleOverVoltage = 1 << 1;
    public const int CellOrModuleUnderVoltage = 1 << 2;
    public const int OverTemperature = 1 << 3;
    public const int UnderTemperature = 1 << 4;
    public const int DischargeOverCurrent = 1 << 7;
    public const int ChargeOverCurrent = 1 << 8;
    public const int SystemError = 1 << 11;

    /// <summary>Every bit named above.</summary>
    public const int Known = CellOrModuleOverVoltage | CellOrModuleUnderVoltage | OverTemperature | UnderTemperature
        | DischargeOverCurrent | ChargeOverCurrent | SystemError;

    // 0x35C byte 0
    public const int RequestFullCharge = 1 << 3;
    public const int ForceCharge2 = 1 << 4;
    public const int ForceCharge1 = 1 << 5;
    public const int DischargeEnable = 1 << 6;
    public const int ChargeEnable = 1 << 7;

    /// <summary>The names of <paramref name="flags"/>' known bits, lowest first, for JSON ("over_voltage", ...).</summary>
    public static IEnumerable<string> Keys(int flags)
    {
        if ((flags & CellOrModuleOverVoltage) != 0)
        {
            yield return "over_voltage";
        }

        if ((flags & CellOrModuleUnderVoltage) != 0)
        {
            yield return "under_voltage";
        }

        if ((flags & OverTemperature) != 0)
        {
            yield return "over_temperature";
        }

        if ((flags & UnderTemperature) != 0)
        {
            yield return "under_temperature";
        }

        if ((flags & DischargeOverCurrent) != 0)
        {
            yield return "discharge_over_current";
        }

        if ((flags & ChargeOverCurrent) != 0)
        {
            yield return "charge_over_current";
        }

        if ((flags & SystemError) != 0)
        {
            yield return "system_error";
        }
    }

    /// <summary>The first named protection in <paramref name="flags"/> in words, for the screen; null when none is named.</summary>
    public static string? FirstName(int flags) =>
        (flags & CellOrModuleOverVoltage) != 0 ? "over-voltage"
        : (flags & CellOrModuleUnderVoltage) != 0 ? "under-voltage"
        : (flags & OverTemperature) != 0 ? "over-temperature"
        : (flags & UnderTemperature) != 0 ? "under-temperature"
        : (flags & DischargeOverCurrent) != 0 ? "discharge over-current"
        : (flags & ChargeOverCurrent) != 0 ? "charge over-current"
        : (flags & SystemError) != 0 ? "system error"
        : null;
}
