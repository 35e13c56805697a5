using FbDisplay.Core.Can;

namespace FbDisplay.Core.Battery;

/// <summary>Which battery protocol the decoder reads (setting Battery:Protocol).</summary>
public enum BatteryProtocol
{
    /// <summary>Decide from the ids that arrive (docs/wire-formats.md, "Which protocol").</summary>
    Auto = 0,

    /// <summary>The EVTV controller's ids (0x150, 0x650, 0x651, 0x652, 0x68F and the extensions).</summary>
    Evtv = 1,

    /// <summary>The Pylontech-compatible inverter protocol (0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E, 0x373).</summary>
    Pylontech = 2,
}

/// <summary>Names for <see cref="BatteryProtocol"/> in JSON, on screen and in the log.</summary>
public static class BatteryProtocols
{
    /// <summary>"evtv", "pylontech", or "none" before anything arrived.</summary>
    public static string Key(BatteryProtocol? protocol) => protocol switch
    {
        BatteryProtocol.Evtv => "evtv",
        BatteryProtocol.Pylontech => "pylontech",
        _ => "none",
    };

    /// <summary>"EVTV", "PYLONTECH".</summary>
    public static string Label(BatteryProtocol? protocol) => protocol switch
    {
        BatteryProtocol.Evtv => "EVTV",
        BatteryProtocol.Pylontech => "PYLONTECH",
        _ => "",
    };
}

/// <summary>What a kernel CAN filter passes for a protocol setting.</summary>
public static class BatteryFilters
{
    /// <summary>EVTV ids, Pylontech ids, or both (Auto).</summary>
    public static uint[] For(BatteryProtocol protocol) => protocol switch
    {
        BatteryProtocol.Evtv => BatteryMessageIds.All.ToArray(),
        BatteryProtocol.Pylontech => PylontechMessageIds.All.ToArray(),
        _ => [.. BatteryMessageIds.All, .. PylontechMessageIds.All],
    };
}
