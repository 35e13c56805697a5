namespace FbDisplay.Settings;

/// <summary>
/// Settings that were not taken as written, each in one sentence naming the key, the value and what is used instead
/// ("Setting ignored: Udp:Port = 'abc' is not a port (1-65535); using 6500."). Reported once each, in the journal and
/// on the screen's message line. Thread-safe.
/// </summary>
public sealed class SettingsProblems
{
    /// <summary>How every message begins.</summary>
    public const string Prefix = "Setting ignored: ";

    private readonly Lock _lock = new();
    private readonly List<string> _messages = [];
    private readonly HashSet<string> _keys = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _order = [];

    /// <summary>Every message so far, oldest first.</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>What each message is about (a key, or settings.json), in the order of <see cref="Messages"/>.</summary>
    public IReadOnlyList<string> Keys
    {
        get
        {
            lock (_lock)
            {
                return [.. _order];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>A value of <paramref name="setting"/> that does not parse: the default is used.</summary>
    public void Ignored(Setting setting, string raw, string? instead = null)
    {
        ArgumentNullException.ThrowIfNull(setting);
        string value = setting.IsSecret ? "" : $" = '{Shorten(raw)}'";
        string use = instead ?? (setting.DefaultText.Length == 0 ? "using none" : $"using {setting.DefaultText}");
        Add(setting.Key, $"{Prefix}{setting.Key}{value} is not {setting.Expectation}; {use}.");
    }

    /// <summary>A problem that is not one value's (two settings that do not go together, an unknown key).</summary>
    /// <param name="key">What the problem is about: a second report for the same key is dropped.</param>
    /// <param name="sentence">Completes "Setting ignored: ".</param>
    public void Report(string key, string sentence) => Add(key, Prefix + sentence);

    /// <summary>A whole message of its own about the settings (a settings file set aside), once per key.</summary>
    public void Note(string key, string message) => Add(key, message);

    /// <summary>Raised once per new message, on the thread that found it (the journal listens here).</summary>
    public event Action<string>? Added;

    private void Add(string key, string message)
    {
        lock (_lock)
        {
            if (!_keys.Add(key))
            {
                return;
            }

            _messages.Add(message);
            _order.Add(key);
        }

        Added?.Invoke(message);
    }

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..37] + "...";
}
