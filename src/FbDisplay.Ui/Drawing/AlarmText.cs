using System.Globalization;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Text;
using FbDisplay.Core.Units;

namespace FbDisplay.Ui.Drawing;

/// <summary>Words for alarm values, written into a caller's buffer so the banner formats without allocating.</summary>
public static class AlarmText
{
    /// <summary>The value that raised <paramref name="kind"/>, with its unit: "3.652 V", "58 °F", "no data for 2 min" (English when <paramref name="format"/> is null).</summary>
    public static int FormatValue(Span<char> into, AlarmKind kind, double value, TemperatureUnit unit, LocalFormat? format = null)
    {
        LocalFormat f = format ?? LocalFormat.English;
        DisplayLanguage l = f.Language;
        NumberFormatInfo c = f.Numbers;
        Span<char> inner = stackalloc char[32];
        int n;
        bool ok = kind switch
        {
            AlarmKind.CellHigh or AlarmKind.CellLow => into.TryWrite(c, $"{value:0.000} V", out n),
            AlarmKind.CellSpread => into.TryWrite(c, Tx.ValueMillivoltsApart.Format(l), out n, value),
            AlarmKind.TemperatureHigh or AlarmKind.TemperatureLow => into.TryWrite(c, $"{Temperatures.FromCelsius(value, unit):0}{Temperatures.Suffix(unit)}", out n),
            AlarmKind.SocLow => into.TryWrite(c, $"{value:0.0} %", out n),
            AlarmKind.ControllerLost => Filled(Tx.ValueNoDataFor.Fill(into, l, inner[..Duration(inner, value, l)]), out n),
            AlarmKind.MqttDown => Filled(Tx.ValueDownFor.Fill(into, l, inner[..Duration(inner, value, l)]), out n),
            AlarmKind.ContactorOpen => into.TryWrite(c, Tx.ValueContactorOpen.Format(l), out n, Tx.Contactor((int)value)[l]),
            AlarmKind.ControllerFault => Tx.ControllerFault((int)value) is { } name
                ? into.TryWrite(c, Tx.ValueCodeNamed.Format(l), out n, (int)value, name[l])
                : into.TryWrite(c, Tx.ValueCodeUnknown.Format(l), out n, (int)value),
            AlarmKind.BmsProtection => Tx.Protection((int)value) is { } protection
                ? into.TryWrite(c, $"{protection[l]}", out n)
                : Filled(Tx.ValueFlags.Fill(into, l, inner[..Hex(inner, (int)value)]), out n),
            _ => into.TryWrite(c, $"{value:0.##}", out n),
        };
        return ok ? n : 0;
    }

    /// <summary>"45 s", "12 min", "3 h 5 min", "2 d" (the units of <paramref name="language"/>: "2 T", "3 u 5 min").</summary>
    public static int Duration(Span<char> into, double seconds, DisplayLanguage language = DisplayLanguage.English)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        long s = (long)Math.Max(0, seconds);
        string min = Tx.UnitMinute[language];
        int written;
        bool ok = s switch
        {
            < 120 => into.TryWrite(c, $"{s} {Tx.UnitSecond[language]}", out written),
            < 3600 => into.TryWrite(c, $"{s / 60} {min}", out written),
            < 86400 => into.TryWrite(c, $"{s / 3600} {Tx.UnitHour[language]} {s % 3600 / 60} {min}", out written),
            _ => into.TryWrite(c, $"{s / 86400} {Tx.UnitDay[language]}", out written),
        };
        return ok ? written : 0;
    }

    private static bool Filled(int written, out int n)
    {
        n = written;
        return true;
    }

    private static int Hex(Span<char> into, int value) =>
        into.TryWrite(CultureInfo.InvariantCulture, $"0x{value:X4}", out int n) ? n : 0;
}
