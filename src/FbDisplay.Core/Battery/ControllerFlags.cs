namespace FbDisplay.Core.Battery;

/// <summary>Byte 0 of 0x654 as real controllers send it; bits not listed are ignored.</summary>
[Flags]
public enum ControllerFlags : byte
{
    None = 0,
    ChargeEnabled = 0x04,
    HeatEnabled = 0x08,
    NegativeContactorOpen = 0x10,
    PositiveContactorOpen = 0x20,
    UsbPowered = 0x40,

    /// <summary>Both contactor bits.</summary>
    ContactorsOpen = NegativeContactorOpen | PositiveContactorOpen,

    /// <summary>Every bit the display reads.</summary>
    Known = ChargeEnabled | HeatEnabled | NegativeContactorOpen | PositiveContactorOpen | UsbPowered,
}

/// <summary>The fault code in byte 1 of 0x654 (bits 0-5).</summary>
public static class ControllerFaults
{
    public const int None = 0;
    public const int CellUnderVoltage = 1;
    public const int CellOverVoltage = 2;
    public const int ModuleUnderTemperature = 3;
    public const int ModuleOverTemperature = 4;
    public const int VoltageImbalance = 5;

    /// <summary>Six bits on the wire.</summary>
    public const int Max = 0x3F;

    /// <summary>"cell over-voltage"; null for a code nobody has documented (show its number).</summary>
    public static string? Name(int code) => code switch
    {
        None => "none",
        CellUnderVoltage => "cell under-voltage",
        CellOverVoltage => "cell over-voltage",
        ModuleUnderTemperature => "module under-temperature",
        ModuleOverTemperature => "module over-temperature",
        VoltageImbalance => "voltage imbalance",
        _ => null,
    };

    /// <summary>The stable key used in JSON and MQTT ("cell_over_voltage", "unknown").</summary>
    public static string Key(int code) => code switch
    {
        None => "none",
        CellUnderVoltage => "cell_under_voltage",
        CellOverVoltage => "cell_over_voltage",
        ModuleUnderTemperature => "module_under_temperature",
        ModuleOverTemperature => "module_over_temperature",
        VoltageImbalance => "voltage_imbalance",
        _ => "unknown",
    };

    /// <summary>The alarm value for the open contactors: 1 negative, 2 positive, 3 both, 0 closed.</summary>
    public static int ContactorCode(ControllerFlags flags) =>
        ((flags & ControllerFlags.NegativeContactorOpen) != 0 ? 1 : 0) | ((flags & ControllerFlags.PositiveContactorOpen) != 0 ? 2 : 0);

    /// <summary>"negative", "positive", "both", "closed" for <see cref="ContactorCode"/>.</summary>
    public static string ContactorName(int code) => code switch
    {
        1 => "negative",
        2 => "positive",
        3 => "both",
        _ => "closed",
    };
}
