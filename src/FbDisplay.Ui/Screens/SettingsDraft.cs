namespace FbDisplay.Ui.Screens;

/// <summary>
/// Edits made on the settings pages and not yet saved: each key has a baseline (the value in force when the page
/// was shown) and maybe a change. Nothing here takes effect; SAVE hands <see cref="Changes"/> to the backend.
/// </summary>
public sealed class SettingsDraft
{
    private readonly Dictionary<string, string> _baseline = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _changes = new(StringComparer.Ordinal);

    /// <summary>Bumped on every change, so pages know to refresh their widgets.</summary>
    public int Version { get; private set; }

    /// <summary>The values changed and not saved.</summary>
    public IReadOnlyDictionary<string, string> Changes => _changes;

    public bool HasChanges => _changes.Count > 0;

    /// <summary>The changed value, else the baseline, else empty.</summary>
    public string Get(string key) =>
        _changes.TryGetValue(key, out string? v) ? v : _baseline.TryGetValue(key, out string? b) ? b : "";

    /// <summary>True if <paramref name="key"/> has an unsaved change.</summary>
    public bool IsChanged(string key) => _changes.ContainsKey(key);

    /// <summary>Records the value in force (when a page loads).</summary>
    public void SetBaseline(string key, string value)
    {
        _baseline[key] = value;
        if (_changes.TryGetValue(key, out string? v) && v == value)
        {
            _changes.Remove(key);
        }
    }

    /// <summary>Records an edit; setting the baseline value again drops the change.</summary>
    public void Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        bool same = _baseline.TryGetValue(key, out string? b) && b == value;
        bool changed = same ? _changes.Remove(key) : !_changes.TryGetValue(key, out string? old) || old != value;
        if (!same)
        {
            _changes[key] = value;
        }

        if (changed)
        {
            Version++;
        }
    }

    /// <summary>Forgets every unsaved edit.</summary>
    public void Discard()
    {
        if (_changes.Count > 0)
        {
            _changes.Clear();
            Version++;
        }
    }

    /// <summary>Makes the saved <paramref name="keys"/> the new baseline.</summary>
    public void Commit(IEnumerable<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (string key in keys.ToList())
        {
            if (_changes.Remove(key, out string? v))
            {
                _baseline[key] = v;
            }
        }

        Version++;
    }
}
