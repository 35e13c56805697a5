using System.Globalization;

namespace FbDisplay.Core.Text;

/// <summary>
/// How numbers, dates and times read in one language: the project's own small table, so nothing depends on ICU
/// (the appliance runs with InvariantGlobalization). Files, MQTT, JSON and metrics never use it: they stay invariant.
/// </summary>
public sealed class LocalFormat
{
    private static readonly LocalFormat[] Table =
    [
        new(DisplayLanguage.English, '.', "d MMM", ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]),
        new(DisplayLanguage.German, ',', "d. MMM", ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"]),
        new(DisplayLanguage.Dutch, ',', "d MMM", ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]),
        new(DisplayLanguage.French, ',', "d MMM", ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]),
        new(DisplayLanguage.Spanish, ',', "d MMM", ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"]),
    ];

    private LocalFormat(DisplayLanguage language, char decimalSeparator, string dayMonth, string[] months)
    {
        Language = language;
        DecimalSeparator = decimalSeparator;
        DayMonthPattern = dayMonth;
        var numbers = (NumberFormatInfo)NumberFormatInfo.InvariantInfo.Clone();
        numbers.NumberDecimalSeparator = decimalSeparator.ToString();
        numbers.PercentDecimalSeparator = numbers.NumberDecimalSeparator;
        numbers.NumberGroupSeparator = decimalSeparator == ',' ? "." : ",";
        Numbers = NumberFormatInfo.ReadOnly(numbers);
        var dates = (DateTimeFormatInfo)DateTimeFormatInfo.InvariantInfo.Clone();
        dates.AbbreviatedMonthNames = [.. months, ""];
        dates.AbbreviatedMonthGenitiveNames = [.. months, ""];
        Dates = DateTimeFormatInfo.ReadOnly(dates);
    }

    /// <summary>English: the manual's own format.</summary>
    public static LocalFormat English => Table[0];

    public DisplayLanguage Language { get; }

    /// <summary>'.' or ','.</summary>
    public char DecimalSeparator { get; }

    /// <summary>Number formatting (custom formats such as "0.00" put this language's separator in).</summary>
    public NumberFormatInfo Numbers { get; }

    /// <summary>Month abbreviations in this language; times are always 24 h ("HH:mm").</summary>
    public DateTimeFormatInfo Dates { get; }

    /// <summary>Day before month ("3 Dec", "3. Dez."); every language here puts the day first.</summary>
    public string DayMonthPattern { get; }

    /// <summary>The table row for <paramref name="language"/>.</summary>
    public static LocalFormat For(DisplayLanguage language) => Table[(int)language < Table.Length ? (int)language : 0];

    /// <summary>"14:02", or "3 Dec 14:02" / "3. Dez. 14:02" with the date, into <paramref name="into"/>; the characters written.</summary>
    public int FormatTime(Span<char> into, DateTimeOffset at, bool withDate)
    {
        int n = 0;
        if (withDate)
        {
            if (!at.TryFormat(into, out n, DayMonthPattern, Dates) || n >= into.Length)
            {
                return 0;
            }

            into[n++] = ' ';
        }

        return at.TryFormat(into[n..], out int t, "HH:mm", Dates) ? n + t : n;
    }

    /// <summary><see cref="FormatTime(Span{char}, DateTimeOffset, bool)"/> as a string (not for per-tick use).</summary>
    public string FormatTime(DateTimeOffset at, bool withDate)
    {
        Span<char> b = stackalloc char[32];
        return new string(b[..FormatTime(b, at, withDate)]);
    }
}
