using System.Diagnostics.CodeAnalysis;

namespace FbDisplay.Settings;

/// <summary>Whether a saved change reaches the running display at SAVE or at the next start.</summary>
public enum SettingApply
{
    /// <summary>Read at start only: SAVE says it takes effect after a restart.</summary>
    Restart,

    /// <summary>Applied by the running display at SAVE.</summary>
    Live,
}

/// <summary>
/// One setting, declared once in <see cref="Catalog"/>: its key (.NET configuration style, Udp:Port), default, allowed
/// values, whether it applies live, and a one-line help. Everything else (reading, the settings pages, the backend, the
/// docs table) takes these from here.
/// </summary>
public abstract class Setting
{
    private protected Setting(string key, string help, SettingApply apply)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        Key = key;
        Help = help;
        Apply = apply;
        DocKey = key;
    }

    /// <summary>Udp:Port: the settings.json path, FBDISPLAY_Udp__Port in the environment, --Udp:Port on the command line.</summary>
    public string Key { get; }

    /// <summary>One line for the docs table and for anyone reading the catalogue.</summary>
    public string Help { get; }

    public SettingApply Apply { get; }

    /// <summary>A password: its value is never echoed in a message and never leaves the display without the owner's say.</summary>
    public bool IsSecret { get; init; }

    /// <summary>The key as the docs show it; for one of a family, the family's pattern ("Alarms:&lt;Kind&gt;:Threshold").</summary>
    public string DocKey { get; init; }

    /// <summary>The default as text, as settings.json would hold it ("" for none).</summary>
    public abstract string DefaultText { get; }

    /// <summary>What the docs say of the default when the value alone does not say it ("learned from UDP").</summary>
    public string? DefaultNote { get; init; }

    /// <summary>For one of a family whose members differ: what the docs table says of default and range instead.</summary>
    public string? FamilyNote { get; init; }

    /// <summary>How the docs describe the default.</summary>
    public string DefaultDescription => DefaultNote ?? (DefaultText.Length == 0 ? "none" : DefaultText);

    /// <summary>The allowed values in words: "1-65535", "Off, Sender, Receiver", "true or false".</summary>
    public abstract string Allowed { get; }

    /// <summary>What a valid value is, completing "'abc' is not ...": "a port", "true or false".</summary>
    public abstract string Expectation { get; }

    /// <summary>Checks <paramref name="raw"/>; on success gives the value as settings.json stores it.</summary>
    public abstract bool TryNormalize(string raw, [NotNullWhen(true)] out string? normalized);

    /// <summary>For a text field on a settings page: null when <paramref name="raw"/> is valid, else what to type instead.</summary>
    public string? Check(string raw) => TryNormalize(raw, out _) ? null : "Must be " + Expectation;

    public override string ToString() => Key;
}

/// <summary>A setting whose value is a <typeparamref name="T"/>.</summary>
public abstract class Setting<T> : Setting
{
    private protected Setting(string key, T defaultValue, string help, SettingApply apply)
        : base(key, help, apply)
    {
        Default = defaultValue;
    }

    public T Default { get; }

    public override string DefaultText => Format(Default);

    /// <summary>Parses a non-empty value; false when it is not one of the allowed values.</summary>
    public abstract bool TryParse(string raw, [MaybeNullWhen(false)] out T value);

    /// <summary>The value as settings.json stores it (invariant culture).</summary>
    public abstract string Format(T value);

    public override bool TryNormalize(string raw, [NotNullWhen(true)] out string? normalized)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Trim().Length == 0 && AllowsEmpty)
        {
            normalized = "";
            return true;
        }

        if (TryParse(raw, out T? value))
        {
            normalized = Format(value);
            return true;
        }

        normalized = null;
        return false;
    }

    /// <summary>True when an empty value is a value of its own (a text that may be empty) rather than "use the default".</summary>
    protected virtual bool AllowsEmpty => false;
}
