using System.Globalization;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Units;

namespace FbDisplay.Ui.Drawing;

/// <summary>Words for alarm values, written into a caller's buffer so the banner formats without allocating.</summary>
public static class AlarmText
{
    /// <summary>The value that raised <paramref name="kind"/>, with its unit: "3.652 V", "58 °F", "no data for 2 min".</summary>
    public static int FormatValue(Span<char> into, AlarmKind kind, double value, TemperatureUnit unit)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        int n;
        bool ok = kind switch
        {
            AlarmKind.CellHigh or AlarmKind.CellLow => into.TryWrite(c, $"{value:0.000} V", out n),
            AlarmKind.CellSpread => into.TryWrite(c, $"{value:0} mV apart", out n),
            AlarmKind.TemperatureHigh or AlarmKind.TemperatureLow => into.TryWrite(c, $"{Temperatures.FromCelsius(value, unit):0}{Temperatures.Suffix(unit)}", out n),
            AlarmKind.SocLow => into.TryWrite(c, $"{value:0.0} %", out n),
            AlarmKind.ControllerLost => WriteDuration(into, "no data for ", value, out n),
            AlarmKind.MqttDown => WriteDuration(into, "down for ", value, out n),
            AlarmKind.ContactorOpen => into.TryWrite(c, $"{ControllerFaults.ContactorName((int)value)} open", out n),
            AlarmKind.ControllerFault => ControllerFaults.Name((int)value) is { } name
                ? into.TryWrite(c, $"code {value:0}: {name}", out n)
                : into.TryWrite(c, $"code {value:0} (unknown)", out n),
            AlarmKind.BmsProtection => PylontechFlags.FirstName((int)value) is { } protection
                ? into.TryWrite(c, $"{protection}", out n)
                : into.TryWrite(c, $"flags 0x{(int)value:X4}", out n),
            _ => into.TryWrite(c, $"{value:0.##}", out n),
        };
        return ok ? n : 0;
    }

    /// <summary>"45 s", "12 min", "3 h 5 min", "2 d".</summary>
    public static bool WriteDuration(Span<char> into, string prefix, double seconds, out int written)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        long s = (long)Math.Max(0, seconds);
        return s switch
        {
            < 120 => into.TryWrite(c, $"{prefix}{s} s", out written),
            < 3600 => into.TryWrite(c, $"{prefix}{s / 60} min", out written),
            < 86400 => into.TryWrite(c, $"{prefix}{s / 3600} h {s % 3600 / 60} min", out written),
            _ => into.TryWrite(c, $"{prefix}{s / 86400} d", out written),
        };
    }
}
