using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Text;

namespace FbDisplay.Services.Web;

/// <summary>
/// The web page's words from the same catalogue as the screens (<see cref="Tx"/>, keys "web.*"): /api/texts answers
/// the display's language, or the one a browser asks for with ?lang= (its own menu, kept in localStorage). Besides them:
/// the alarm titles by /api/alarms' <c>kind</c>, the fault names by /api/status' <c>controller.fault</c>, the BMS
/// protection names by its <c>bms.protection</c>, and how a date and a number read (<see cref="LocalFormat"/>): those
/// JSON fields themselves stay English and invariant.
/// </summary>
public static partial class WebTexts
{
    private const string ProtectionPrefix = "protection.";

    private static readonly byte[][] Documents = [.. DisplayLanguages.All.Select(Build)];

    /// <summary>The JSON for <paramref name="requested"/> when it is a known code, else for <paramref name="display"/>.</summary>
    public static byte[] Json(string? requested, DisplayLanguage display)
    {
        return Documents[(int)Pick(requested, display)];
    }

    /// <summary>The language a request for a page means: its ?lang= when that is a known code, else the display's.</summary>
    public static DisplayLanguage Pick(string? requested, DisplayLanguage display) =>
        DisplayLanguages.TryParse(requested, out DisplayLanguage asked) ? asked : display;

    /// <summary>
    /// A server-made page in <paramref name="language"/>: each <c>{{web.key b:row code:text}}</c> becomes that row, HTML-encoded,
    /// its holes filled in order by another row's text in bold (the display's own labels) or a literal in code; <c>{lang}</c>
    /// becomes the language's code.
    /// </summary>
    public static string Page(string template, DisplayLanguage language)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Token().Replace(template, m =>
        {
            string[] parts = m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            object[] holes = [.. parts.Skip(1).Select(a => a.StartsWith("b:", StringComparison.Ordinal)
                ? "<b>" + WebUtility.HtmlEncode(Row(a[2..])[language]) + "</b>"
                : "<code>" + WebUtility.HtmlEncode(a[(a.IndexOf(':', StringComparison.Ordinal) + 1)..]) + "</code>")];
            string text = WebUtility.HtmlEncode(Row(parts[0])[language]);
            for (int i = 0; i < holes.Length; i++)
            {
                text = text.Replace("{" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}", (string)holes[i], StringComparison.Ordinal);
            }

            return text;
        }).Replace("{lang}", DisplayLanguages.Code(language), StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, Text> ByKey = Tx.All.ToDictionary(t => t.Key, StringComparer.Ordinal);

    private static Text Row(string key) => ByKey.TryGetValue(key, out Text? t) ? t : throw new InvalidOperationException($"No catalogue row {key}");

    [GeneratedRegex(@"\{\{([^{}]+)\}\}")]
    private static partial Regex Token();

    private static byte[] Build(DisplayLanguage language)
    {
        var doc = new WebTextsDocument
        {
            Language = DisplayLanguages.Code(language),
            Languages = [.. DisplayLanguages.All.Select(l => new WebLanguage { Code = DisplayLanguages.Code(l), Name = DisplayLanguages.NativeName(l) })],
            Texts = Tx.All.Where(t => t.Key.StartsWith("web.", StringComparison.Ordinal)).ToDictionary(t => t.Key, t => t[language], StringComparer.Ordinal),
            Alarms = Enum.GetValues<AlarmKind>().ToDictionary(k => k.Key(), k => Tx.AlarmTitle(k)[language], StringComparer.Ordinal),
            Faults = Enumerable.Range(ControllerFaults.None, ControllerFaults.VoltageImbalance + 1)
                .ToDictionary(ControllerFaults.Key, code => Tx.ControllerFault(code)![language], StringComparer.Ordinal),
            Protection = Tx.All.Where(t => t.Key.StartsWith(ProtectionPrefix, StringComparison.Ordinal))
                .ToDictionary(t => t.Key[ProtectionPrefix.Length..], t => t[language], StringComparer.Ordinal),
            Dates = new WebDates
            {
                Months = [.. LocalFormat.For(language).Dates.AbbreviatedMonthNames.Take(12)],
                DayMonth = LocalFormat.For(language).DayMonthPattern,
            },
            Numbers = new WebNumbers { Decimal = LocalFormat.For(language).DecimalSeparator.ToString() },
        };
        return JsonSerializer.SerializeToUtf8Bytes(doc, WebTextsJson.Default.WebTextsDocument);
    }
}

/// <summary>What /api/texts returns.</summary>
public sealed class WebTextsDocument
{
    /// <summary>The code of the language the texts are in ("de").</summary>
    public string Language { get; init; } = "en";

    /// <summary>The languages the menu offers.</summary>
    public IReadOnlyList<WebLanguage> Languages { get; init; } = [];

    /// <summary>Key ("web.history") to text.</summary>
    public IReadOnlyDictionary<string, string> Texts { get; init; } = new Dictionary<string, string>();

    /// <summary>Alarm kind as /api/alarms names it ("cell_high") to its title.</summary>
    public IReadOnlyDictionary<string, string> Alarms { get; init; } = new Dictionary<string, string>();

    /// <summary>Fault as /api/status names it ("cell_under_voltage") to its name.</summary>
    public IReadOnlyDictionary<string, string> Faults { get; init; } = new Dictionary<string, string>();

    /// <summary>BMS protection flag as /api/status' <c>bms.protection</c> names it ("over_voltage") to its name.</summary>
    public IReadOnlyDictionary<string, string> Protection { get; init; } = new Dictionary<string, string>();

    /// <summary>How dates read in the language.</summary>
    public WebDates Dates { get; init; } = new();

    /// <summary>How numbers read in the language.</summary>
    public WebNumbers Numbers { get; init; } = new();
}

/// <summary>The language's number format: the decimal separator ("." or ","); the page groups no thousands.</summary>
public sealed class WebNumbers
{
    public string Decimal { get; init; } = ".";
}

/// <summary>The language's date format: month abbreviations and the day-month pattern ("d MMM", "d. MMM"); times are 24 h.</summary>
public sealed class WebDates
{
    public IReadOnlyList<string> Months { get; init; } = [];

    public string DayMonth { get; init; } = "d MMM";
}

/// <summary>One entry of the page's language menu.</summary>
public sealed class WebLanguage
{
    public string Code { get; init; } = "";

    public string Name { get; init; } = "";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebTextsDocument))]
internal sealed partial class WebTextsJson : JsonSerializerContext;
