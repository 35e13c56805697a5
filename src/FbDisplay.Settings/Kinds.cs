using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace FbDisplay.Settings;

/// <summary>A whole number within a range.</summary>
public sealed class IntSetting : Setting<int>
{
    private readonly string? _noun;

    public IntSetting(string key, int defaultValue, int min, int max, string help, SettingApply apply = SettingApply.Restart, string? noun = null)
        : base(key, defaultValue, help, apply)
    {
        if (min > max || defaultValue < min || defaultValue > max)
        {
            throw new ArgumentOutOfRangeException(nameof(defaultValue), $"{key}: default {defaultValue} outside {min}-{max}.");
        }

        Min = min;
        Max = max;
        SliderMin = min;
        _noun = noun;
    }

    public int Min { get; }

    public int Max { get; }

    /// <summary>Where a touch slider starts (the low end may be legal but useless on a screen, e.g. a dark backlight).</summary>
    public int SliderMin { get; init; }

    /// <summary>What one press of a slider's − or + changes.</summary>
    public int Step { get; init; } = 1;

    /// <summary>The values a settings page offers as buttons (the setting itself takes any value in range).</summary>
    public IReadOnlyList<int> Presets { get; init; } = [];

    /// <summary>The value an empty entry stands for (e.g. 0 = off), or null when empty means the default.</summary>
    public int? EmptyValue { get; init; }

    public override string Allowed => string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");

    public override string Expectation => _noun is null
        ? string.Create(CultureInfo.InvariantCulture, $"a whole number from {Min} to {Max}")
        : string.Create(CultureInfo.InvariantCulture, $"{_noun} ({Min}-{Max})");

    public override bool TryParse(string raw, out int value)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return int.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= Min && value <= Max;
    }

    public override string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    protected override bool AllowsEmpty => EmptyValue is not null;
}

/// <summary>A number (volts, degrees, seconds) within a range.</summary>
public sealed class NumberSetting : Setting<double>
{
    public NumberSetting(string key, double defaultValue, double min, double max, string unit, string help, SettingApply apply = SettingApply.Restart)
        : base(key, defaultValue, help, apply)
    {
        if (!(min <= max) || defaultValue < min || defaultValue > max)
        {
            throw new ArgumentOutOfRangeException(nameof(defaultValue), $"{key}: default {defaultValue} outside {min}-{max}.");
        }

        Min = min;
        Max = max;
        Unit = unit;
        SliderMin = min;
        SliderMax = max;
    }

    public double Min { get; }

    public double Max { get; }

    /// <summary>"V", "°C", "Ah", "s", or "" (the docs and the sliders show it).</summary>
    public string Unit { get; }

    /// <summary>The part of the range a touch slider spans (the usual values); the setting takes the whole range.</summary>
    public double SliderMin { get; init; }

    public double SliderMax { get; init; }

    /// <summary>Where a slider stands while the value is unknown (e.g. a capacity of 0 = unknown); null = the default.</summary>
    public double? Typical { get; init; }

    /// <summary>What one press of a slider's − or + changes.</summary>
    public double Step { get; init; } = 1;

    public override string Allowed => $"{Format(Min)}-{Format(Max)}{(Unit.Length > 0 ? " " + Unit : "")}";

    public override string Expectation => $"a number from {Format(Min)} to {Format(Max)}{(Unit.Length > 0 ? " " + Unit : "")}";

    public override bool TryParse(string raw, out double value)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return double.TryParse(raw.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value) && value >= Min && value <= Max;
    }

    public override string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}

/// <summary>On or off.</summary>
public sealed class BoolSetting(string key, bool defaultValue, string help, SettingApply apply = SettingApply.Restart)
    : Setting<bool>(key, defaultValue, help, apply)
{
    public override string Allowed => "true or false";

    public override string Expectation => "true or false";

    public override bool TryParse(string raw, out bool value)
    {
        ArgumentNullException.ThrowIfNull(raw);
        return bool.TryParse(raw.Trim(), out value);
    }

    public override string Format(bool value) => value ? "true" : "false";
}

/// <summary>
/// Free text (a path, a URL, an id), optionally checked. An empty text is a value of its own (e.g. "off"), not a
/// request for the default.
/// </summary>
public sealed class TextSetting : Setting<string>
{
    private readonly Func<string, bool>? _isValid;

    /// <param name="isValid">Null accepts any text up to <see cref="MaxLength"/>.</param>
    /// <param name="expectation">What a valid value is ("an IP address"), for messages.</param>
    public TextSetting(string key, string defaultValue, string help, SettingApply apply = SettingApply.Restart, Func<string, bool>? isValid = null, string expectation = "text")
        : base(key, defaultValue, help, apply)
    {
        _isValid = isValid;
        Expectation = expectation;
    }

    /// <summary>Longer values are refused.</summary>
    public int MaxLength { get; init; } = 1024;

    /// <summary>A JSON array in settings.json ("Alarms": ["a", "b"]) is read as the comma-separated list it means.</summary>
    public bool IsList { get; init; }

    public override string Allowed => Expectation;

    public override string Expectation { get; }

    public override bool TryParse(string raw, [MaybeNullWhen(false)] out string value)
    {
        ArgumentNullException.ThrowIfNull(raw);
        string text = raw.Trim();
        if (text.Length <= MaxLength && !text.Any(char.IsControl) && (text.Length == 0 || _isValid is null || _isValid(text)))
        {
            value = text;
            return true;
        }

        value = null;
        return false;
    }

    public override string Format(string value) => value;

    protected override bool AllowsEmpty => true;
}

/// <summary>A setting with a fixed list of named values, whatever their type (what a page's choice row needs).</summary>
public interface IChoiceSetting
{
    /// <summary>The names in declaration order, as settings.json stores them.</summary>
    IReadOnlyList<string> Names { get; }
}

/// <summary>One of a fixed set of named values (an enum), as the named strings settings.json holds.</summary>
public sealed class ChoiceSetting<T> : Setting<T>, IChoiceSetting
    where T : struct, Enum
{
    private readonly (T Value, string Name)[] _choices;
    private readonly Func<string, T?>? _alias;

    /// <param name="choices">Each value with the name settings.json stores; the first is not special.</param>
    /// <param name="alias">Other spellings accepted on input ("Fahrenheit" for "F"); null when there are none.</param>
    public ChoiceSetting(string key, T defaultValue, (T Value, string Name)[] choices, string help, SettingApply apply = SettingApply.Restart, Func<string, T?>? alias = null)
        : base(key, defaultValue, help, apply)
    {
        ArgumentNullException.ThrowIfNull(choices);
        _choices = choices;
        _alias = alias;
        if (!choices.Any(c => EqualityComparer<T>.Default.Equals(c.Value, defaultValue)))
        {
            throw new ArgumentException($"{key}: the default is not one of the choices.", nameof(defaultValue));
        }
    }

    /// <summary>The names in declaration order: what a settings page offers.</summary>
    public IReadOnlyList<string> Names => _choices.Select(c => c.Name).ToArray();

    public IReadOnlyList<T> Values => _choices.Select(c => c.Value).ToArray();

    public override string Allowed => string.Join(", ", Names);

    public override string Expectation => Names.Count == 2 ? $"{Names[0]} or {Names[1]}" : $"one of {string.Join(", ", Names)}";

    public override bool TryParse(string raw, out T value)
    {
        ArgumentNullException.ThrowIfNull(raw);
        string text = raw.Trim();
        foreach ((T v, string name) in _choices)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                value = v;
                return true;
            }
        }

        if (_alias?.Invoke(text) is { } aliased)
        {
            value = aliased;
            return true;
        }

        value = default;
        return false;
    }

    public override string Format(T value)
    {
        foreach ((T v, string name) in _choices)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"{Key}: not one of the choices.");
    }
}
