namespace FbDisplay.Settings;

/// <summary>
/// Every setting of the display, each declared once. Sections follow the keys' first part (<see cref="Udp"/> holds
/// "Udp:*"); families (one setting per alarm, per GPIO output, per controller limit) are declared once per pattern.
/// </summary>
public static partial class Catalog
{
    private static readonly Lazy<Registry> Index = new(() => new Registry(
        [.. General.All, .. Udp.All, .. Can.All, .. Battery.All, .. Display.All, .. Web.All, .. Log.All, .. History.All,
         .. Mqtt.All, .. Controller.All, .. Inverter.All, .. Vnc.All, .. Update.All, .. Alarms.All, .. Gpio.All, .. Storage.All, .. Demo.All]));

    /// <summary>Every setting, families expanded, in the docs' order.</summary>
    public static IReadOnlyList<Setting> All => Index.Value.Settings;

    /// <summary>The setting with this key (case-insensitive, as configuration keys are), or null.</summary>
    public static Setting? Find(string key) => Index.Value.ByKey.TryGetValue(key, out Setting? s) ? s : null;

    /// <summary>True for an item of a list setting written as a JSON array ("Gpio:Outputs:0:Alarms:1").</summary>
    public static bool IsListItem(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int colon = key.LastIndexOf(':');
        return colon > 0 && key[(colon + 1)..].All(char.IsAsciiDigit) && key.Length > colon + 1
            && Find(key[..colon]) is TextSetting { IsList: true };
    }

    /// <summary>A declared key that differs from <paramref name="key"/> by a small typo, for "did you mean".</summary>
    public static string? Nearest(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string? best = null;
        int bestDistance = 3;
        foreach (Setting s in All)
        {
            int d = Distance(key.ToUpperInvariant(), s.Key.ToUpperInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = s.Key;
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 2)
        {
            return int.MaxValue;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private sealed class Registry
    {
        public Registry(Setting[] settings)
        {
            Settings = settings;
            ByKey = new Dictionary<string, Setting>(StringComparer.OrdinalIgnoreCase);
            foreach (Setting s in settings)
            {
                if (!ByKey.TryAdd(s.Key, s))
                {
                    throw new InvalidOperationException($"The settings catalogue declares {s.Key} twice.");
                }
            }
        }

        public Setting[] Settings { get; }

        public Dictionary<string, Setting> ByKey { get; }
    }
}

/// <summary>Collects one section's settings in declaration order (static field initialisers run top to bottom).</summary>
internal sealed class Section
{
    private readonly List<Setting> _settings = [];

    public IReadOnlyList<Setting> Settings => _settings;

    public T Add<T>(T setting)
        where T : Setting
    {
        _settings.Add(setting);
        return setting;
    }

    public void AddRange(IEnumerable<Setting> settings) => _settings.AddRange(settings);
}
