namespace FbDisplay.Core.Alarms;

/// <summary>What an alarm watches. The numeric values are stable: they index arrays, name bits in <see cref="AlarmSet"/> and are persisted.</summary>
public enum AlarmKind
{
    /// <summary>The highest cell is above the high cutoff.</summary>
    CellHigh = 0,

    /// <summary>The lowest cell is below the low cutoff.</summary>
    CellLow = 1,

    /// <summary>High cell minus low cell is too wide: a cell is drifting.</summary>
    CellSpread = 2,

    TemperatureHigh = 3,

    TemperatureLow = 4,

    /// <summary>SOC below the floor.</summary>
    SocLow = 5,

    /// <summary>No battery data for too long: the controller (or the SENDER) is lost.</summary>
    ControllerLost = 6,

    /// <summary>The MQTT link (SENDER or RECEIVER) is down.</summary>
    MqttDown = 7,

    /// <summary>The controller reports a contactor open (0x654): the pack is disconnected.</summary>
    ContactorOpen = 8,

    /// <summary>The controller reports a fault code (0x654).</summary>
    ControllerFault = 9,

    /// <summary>A Pylontech-protocol battery reports a protection flag (0x359 bytes 0-1).</summary>
    BmsProtection = 10,
}

/// <summary>A set of alarms as bits (bit n = <see cref="AlarmKind"/> n): what drives an output, what is active, what is unacknowledged.</summary>
[Flags]
public enum AlarmSet : uint
{
    None = 0,
    CellHigh = 1u << AlarmKind.CellHigh,
    CellLow = 1u << AlarmKind.CellLow,
    CellSpread = 1u << AlarmKind.CellSpread,
    TemperatureHigh = 1u << AlarmKind.TemperatureHigh,
    TemperatureLow = 1u << AlarmKind.TemperatureLow,
    SocLow = 1u << AlarmKind.SocLow,
    ControllerLost = 1u << AlarmKind.ControllerLost,
    MqttDown = 1u << AlarmKind.MqttDown,
    ContactorOpen = 1u << AlarmKind.ContactorOpen,
    ControllerFault = 1u << AlarmKind.ControllerFault,
    BmsProtection = 1u << AlarmKind.BmsProtection,
    All = CellHigh | CellLow | CellSpread | TemperatureHigh | TemperatureLow | SocLow | ControllerLost | MqttDown | ContactorOpen | ControllerFault | BmsProtection,
}

public static class AlarmKinds
{
    public const int Count = 11;

    public static AlarmSet Bit(this AlarmKind kind) => (AlarmSet)(1u << (int)kind);

    public static bool Contains(this AlarmSet set, AlarmKind kind) => (set & kind.Bit()) != 0;

    /// <summary>The stable lower-case name used in settings, MQTT, /metrics and Home Assistant ids.</summary>
    public static string Key(this AlarmKind kind) => kind switch
    {
        AlarmKind.CellHigh => "cell_high",
        AlarmKind.CellLow => "cell_low",
        AlarmKind.CellSpread => "cell_spread",
        AlarmKind.TemperatureHigh => "temperature_high",
        AlarmKind.TemperatureLow => "temperature_low",
        AlarmKind.SocLow => "soc_low",
        AlarmKind.ControllerLost => "controller_lost",
        AlarmKind.MqttDown => "mqtt_down",
        AlarmKind.ContactorOpen => "contactor_open",
        AlarmKind.ControllerFault => "controller_fault",
        AlarmKind.BmsProtection => "bms_protection",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The words on the banner and the alarm screen.</summary>
    public static string Title(this AlarmKind kind) => kind switch
    {
        AlarmKind.CellHigh => "Cell voltage high",
        AlarmKind.CellLow => "Cell voltage low",
        AlarmKind.CellSpread => "Cells out of balance",
        AlarmKind.TemperatureHigh => "Temperature high",
        AlarmKind.TemperatureLow => "Temperature low",
        AlarmKind.SocLow => "State of charge low",
        AlarmKind.ControllerLost => "Controller lost",
        AlarmKind.MqttDown => "MQTT link down",
        AlarmKind.ContactorOpen => "Contactor open",
        AlarmKind.ControllerFault => "Controller fault",
        AlarmKind.BmsProtection => "Battery protection",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Parses a set written as keys separated by commas ("cell_high,soc_low"), or "all" / "none"; unknown keys are reported.</summary>
    public static bool TryParseSet(string? text, out AlarmSet set, out string? unknown)
    {
        set = AlarmSet.None;
        unknown = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                set |= AlarmSet.All;
                continue;
            }

            if (part.Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            bool found = false;
            for (int i = 0; i < Count; i++)
            {
                if (part.Equals(((AlarmKind)i).Key(), StringComparison.OrdinalIgnoreCase))
                {
                    set |= ((AlarmKind)i).Bit();
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                unknown = part;
                return false;
            }
        }

        return true;
    }
}
