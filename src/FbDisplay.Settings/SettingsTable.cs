using System.Text;

namespace FbDisplay.Settings;

/// <summary>The README's settings table, made from the catalogue (a test fails when the README drifts from it).</summary>
public static class SettingsTable
{
    public const string BeginMarker = "<!-- settings table: generated from src/FbDisplay.Settings; FBD_WRITE_DOCS=1 dotnet test tests/FbDisplay.Settings.Tests rewrites it -->";
    public const string EndMarker = "<!-- end of settings table -->";

    /// <summary>One row per setting, and one per family ("Alarms:&lt;Kind&gt;:Threshold").</summary>
    public static string Markdown()
    {
        var sb = new StringBuilder();
        sb.Append("| key | default | allowed | applies | meaning |\n");
        sb.Append("|-----|---------|---------|---------|---------|\n");
        foreach (IGrouping<string, Setting> family in Catalog.All.GroupBy(s => s.DocKey))
        {
            Setting first = family.First();
            string[] defaults = family.Select(s => s.DefaultDescription).Distinct().ToArray();
            string @default = defaults.Length == 1 ? defaults[0] : first.FamilyNote ?? string.Join(", ", defaults);
            string allowed = family.Select(s => s.Allowed).Distinct().Count() == 1 ? first.Allowed : first.FamilyNote ?? "per item";
            sb.Append("| `").Append(family.Key).Append("` | ")
                .Append(Cell(@default)).Append(" | ")
                .Append(Cell(allowed)).Append(" | ")
                .Append(first.Apply == SettingApply.Live ? "at SAVE" : "restart").Append(" | ")
                .Append(Cell(first.Help)).Append(" |\n");
        }

        return sb.ToString();
    }

    /// <summary>Puts <see cref="Markdown"/> between the markers of <paramref name="document"/>; null when a marker is missing.</summary>
    public static string? Replace(string document)
    {
        ArgumentNullException.ThrowIfNull(document);
        int begin = document.IndexOf(BeginMarker, StringComparison.Ordinal);
        int end = document.IndexOf(EndMarker, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            return null;
        }

        int from = begin + BeginMarker.Length;
        return string.Concat(document.AsSpan(0, from), "\n", Markdown(), document.AsSpan(end));
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
