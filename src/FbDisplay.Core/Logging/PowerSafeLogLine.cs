using System.Globalization;
using System.Text;
using FbDisplay.Core.History;

namespace FbDisplay.Core.Logging;

/// <summary>
/// One line of PowerSafe100.log, exactly the manual's format:
/// <c>MM/dd/yyyy HH:mm:ss,SOC,Volts,Amps,Watts,AH,Temp</c>, e.g. <c>08/27/2018 19:19:41,11.5,41.1,-34,-1397,-1415.70,036</c>.
/// SOC and volts one decimal, amps and watts whole numbers, Ah two decimals, the highest temperature three digits.
/// </summary>
public static class PowerSafeLogLine
{
    public const string FileName = "PowerSafe100.log";

    /// <summary>Longest line we can write, newline included (the manual says under 60 bytes; ours fit in 64).</summary>
    public const int MaxBytes = 96;

    private const string TimeFormat = "MM/dd/yyyy HH:mm:ss";

    /// <summary>Writes the line, with its trailing '\n', as UTF-8. Returns the byte count. Never allocates.</summary>
    public static int Format(in SecondSample s, DateTime localTime, Span<byte> destination)
    {
        var inv = CultureInfo.InvariantCulture;
        int n = 0;
        Write(localTime.TryFormat(destination[n..], out int w, TimeFormat, inv), w, ref n);
        destination[n++] = (byte)',';
        Write(s.SocPercent.TryFormat(destination[n..], out w, "0.0", inv), w, ref n);
        destination[n++] = (byte)',';
        Write(s.PackVolts.TryFormat(destination[n..], out w, "0.0", inv), w, ref n);
        destination[n++] = (byte)',';
        Write(RoundToInt(s.CurrentAmps).TryFormat(destination[n..], out w, default, inv), w, ref n);
        destination[n++] = (byte)',';
        Write(RoundToInt(s.PowerWatts).TryFormat(destination[n..], out w, default, inv), w, ref n);
        destination[n++] = (byte)',';
        Write(s.AmpHours.TryFormat(destination[n..], out w, "0.00", inv), w, ref n);
        destination[n++] = (byte)',';
        Write(Math.Clamp(s.MaxTemperatureC, -99, 999).TryFormat(destination[n..], out w, "000", inv), w, ref n);
        destination[n++] = (byte)'\n';
        return n;
    }

    public static string Format(in SecondSample s, DateTime localTime)
    {
        Span<byte> buffer = stackalloc byte[MaxBytes];
        int n = Format(s, localTime, buffer);
        return Encoding.UTF8.GetString(buffer[..(n - 1)]);
    }

    /// <summary>Parses one line (without its newline). False for anything that is not a whole, well-formed line.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out LogRecord record)
    {
        record = default;
        Span<Range> parts = stackalloc Range[8];
        if (line.Split(parts, ',') != 7)
        {
            return false;
        }

        var inv = CultureInfo.InvariantCulture;
        const NumberStyles num = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        if (!DateTime.TryParseExact(line[parts[0]], TimeFormat, inv, DateTimeStyles.None, out DateTime time)
            || !float.TryParse(line[parts[1]], num, inv, out float soc)
            || !float.TryParse(line[parts[2]], num, inv, out float volts)
            || !int.TryParse(line[parts[3]], NumberStyles.AllowLeadingSign, inv, out int amps)
            || !int.TryParse(line[parts[4]], NumberStyles.AllowLeadingSign, inv, out int watts)
            || !float.TryParse(line[parts[5]], num, inv, out float ah)
            || !int.TryParse(line[parts[6]], NumberStyles.AllowLeadingSign, inv, out int temp))
        {
            return false;
        }

        record = new LogRecord(time, soc, volts, amps, watts, ah, temp);
        return true;
    }

    private static int RoundToInt(float v) => (int)MathF.Round(v, MidpointRounding.AwayFromZero);

    private static void Write(bool ok, int written, ref int n)
    {
        if (!ok)
        {
            throw new ArgumentException("Destination too small for a log line.");
        }

        n += written;
    }
}

/// <summary>A parsed PowerSafe100.log line.</summary>
public readonly record struct LogRecord(DateTime LocalTime, float SocPercent, float PackVolts, int CurrentAmps, int PowerWatts, float AmpHours, int MaxTemperatureC);
