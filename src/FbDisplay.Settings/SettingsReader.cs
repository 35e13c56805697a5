using System.Globalization;

namespace FbDisplay.Settings;

/// <summary>
/// Reads typed values of <see cref="Catalog"/> settings from a snapshot of configuration (settings.json, the
/// environment, the command line, merged; keys are case-insensitive as in .NET configuration). A value that does not
/// parse gives the setting's default and one message in <see cref="Problems"/>. Never throws for what the values hold.
/// </summary>
public sealed class SettingsReader
{
    private readonly Dictionary<string, string?> _values;

    public SettingsReader(IEnumerable<KeyValuePair<string, string?>> values, SettingsProblems? problems = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach ((string key, string? value) in values)
        {
            if (value is not null)
            {
                _values[key] = value; // later sources win, as configuration's own indexer does
            }
        }

        Problems = problems ?? new SettingsProblems();
    }

    /// <summary>No settings at all: every value is its default.</summary>
    public static SettingsReader Defaults => new([]);

    public SettingsProblems Problems { get; }

    /// <summary>Every key with a value, for the unknown-key check.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    public T Get<T>(Setting<T> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        string? raw = Raw(setting.Key);
        if (raw is null)
        {
            return setting.Default;
        }

        if (raw.Trim().Length == 0)
        {
            return EmptyValue(setting);
        }

        if (setting.TryParse(raw, out T? value))
        {
            return value;
        }

        Problems.Ignored(setting, raw);
        return setting.Default;
    }

    /// <summary>
    /// A list setting as written: a comma-separated value, or a JSON array (Key:0, Key:1, ...) joined with commas; null
    /// when not set. Not checked here: the feature checks the list as a whole and says which item it does not know.
    /// </summary>
    public string? GetList(TextSetting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if (Raw(setting.Key) is { } raw)
        {
            return raw;
        }

        var parts = new List<string>();
        for (int i = 0; i < 64 && Raw(setting.Key + ":" + i.ToString(CultureInfo.InvariantCulture)) is { } part; i++)
        {
            parts.Add(part.Trim());
        }

        return parts.Count == 0 ? null : string.Join(',', parts);
    }

    /// <summary>Whether the setting (or, for a list, any item of it) has a value.</summary>
    public bool IsSet(Setting setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        return Raw(setting.Key) is not null || (setting is TextSetting { IsList: true } && Raw(setting.Key + ":0") is not null);
    }

    /// <summary>The text as configured, or null.</summary>
    public string? Raw(string key) => _values.TryGetValue(key, out string? v) ? v : null;

    /// <summary>Reports every key that no catalogue setting declares (a typo would otherwise do nothing, silently).</summary>
    public void ReportUnknownKeys()
    {
        foreach (string key in _values.Keys)
        {
            if (Catalog.Find(key) is null && !Catalog.IsListItem(key))
            {
                string? near = Catalog.Nearest(key);
                Problems.Report(key, near is null ? $"{key} is not a setting." : $"{key} is not a setting (did you mean {near}?).");
            }
        }
    }

    private static T EmptyValue<T>(Setting<T> setting) => setting switch
    {
        TextSetting => (T)(object)"",
        IntSetting { EmptyValue: int v } => (T)(object)v,
        _ => setting.Default,
    };
}
