using System.Text.Json;
using System.Text.Json.Serialization;
using FbDisplay.Core.Text;

namespace FbDisplay.Services.Web;

/// <summary>
/// The web page's words from the same catalogue as the screens (<see cref="Tx"/>, keys "web.*"): /api/texts answers
/// the display's language, or the one a browser asks for with ?lang= (its own menu, kept in localStorage).
/// </summary>
public static class WebTexts
{
    private static readonly byte[][] Documents = [.. DisplayLanguages.All.Select(Build)];

    /// <summary>The JSON for <paramref name="requested"/> when it is a known code, else for <paramref name="display"/>.</summary>
    public static byte[] Json(string? requested, DisplayLanguage display)
    {
        DisplayLanguage l = DisplayLanguages.TryParse(requested, out DisplayLanguage asked) ? asked : display;
        return Documents[(int)l];
    }

    private static byte[] Build(DisplayLanguage language)
    {
        var doc = new WebTextsDocument
        {
            Language = DisplayLanguages.Code(language),
            Languages = [.. DisplayLanguages.All.Select(l => new WebLanguage { Code = DisplayLanguages.Code(l), Name = DisplayLanguages.NativeName(l) })],
            Texts = Tx.All.Where(t => t.Key.StartsWith("web.", StringComparison.Ordinal)).ToDictionary(t => t.Key, t => t[language], StringComparer.Ordinal),
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
