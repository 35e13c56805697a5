using System.Globalization;
using FbDisplay.Core.Alarms;

namespace FbDisplay.Linux.Gpio;

/// <summary>One output pin (relay or buzzer) driven by alarms. Pins are BCM numbers (GPIO17 = 17, header pin 11).</summary>
/// <param name="Pin">BCM pin number on the chosen chip.</param>
/// <param name="Alarms">The alarms that switch it on.</param>
/// <param name="ActiveLow">On = low level (most opto-isolated relay boards).</param>
/// <param name="PulseMilliseconds">0 = steady; otherwise on for this long, off for this long, while active (a buzzer).</param>
/// <param name="SilenceOnAcknowledge">True: follows the unacknowledged alarms; false: stays on while the alarm is raised (a relay that cuts a charger).</param>
public sealed record GpioOutputOptions(
    int Pin,
    AlarmSet Alarms = AlarmSet.All,
    bool ActiveLow = false,
    int PulseMilliseconds = 0,
    bool SilenceOnAcknowledge = true)
{
    /// <summary>Whether this output is on for the given alarm state (before pulsing).</summary>
    public bool IsActive(AlarmSet raised, AlarmSet unacknowledged) =>
        (Alarms & (SilenceOnAcknowledge ? unacknowledged : raised)) != 0;
}

/// <summary>The input button: wakes the screen and acknowledges alarms.</summary>
/// <param name="Pin">BCM pin number on the chosen chip.</param>
/// <param name="ActiveLow">True (default): button to ground, internal pull-up; false: button to 3.3 V, pull-down.</param>
/// <param name="DebounceMilliseconds">How long the level must stay put before it counts.</param>
public sealed record GpioButtonOptions(int Pin, bool ActiveLow = true, int DebounceMilliseconds = 50);

/// <summary>
/// The <c>Gpio:*</c> settings. Values that do not parse are left out (an output or button without a usable pin is
/// dropped) and reported in <see cref="Problems"/>; nothing configured means nothing is opened.
/// </summary>
public sealed record GpioOptions
{
    /// <summary>Output indexes looked at: Gpio:Outputs:0 to Gpio:Outputs:15.</summary>
    public const int MaxOutputs = 16;

    /// <summary>The highest pin number accepted; the chip itself rejects lines it lacks.</summary>
    public const int MaxPin = 63;

    /// <summary>The gpiochip number: 0 on a Pi 1-4; a Pi 5 on an older kernel has the header on gpiochip4.</summary>
    public int Chip { get; init; }

    public IReadOnlyList<GpioOutputOptions> Outputs { get; init; } = [];

    public GpioButtonOptions? Button { get; init; }

    /// <summary>Settings that did not parse, in words naming the key, the value and what was done instead.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>False when no pin is configured: then nothing should be opened.</summary>
    public bool IsEnabled => Outputs.Count > 0 || Button is not null;

    /// <summary>Reads the settings through <paramref name="get"/>, e.g. <c>key =&gt; configuration[key]</c>.</summary>
    public static GpioOptions From(Func<string, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var problems = new List<string>();
        int chip = Int(get, "Gpio:Chip", 0, 0, 63, problems);

        var outputs = new List<GpioOutputOptions>();
        var used = new HashSet<int>();
        for (int i = 0; i < MaxOutputs; i++)
        {
            string prefix = "Gpio:Outputs:" + i.ToString(CultureInfo.InvariantCulture) + ":";
            if (TryOutput(get, prefix, problems) is not { } output)
            {
                continue;
            }

            if (!used.Add(output.Pin))
            {
                problems.Add($"{prefix}Pin = {Num(output.Pin)} is already used by another output; this output is ignored.");
                continue;
            }

            outputs.Add(output);
        }

        GpioButtonOptions? button = null;
        string? buttonPin = get("Gpio:Button:Pin");
        if (!string.IsNullOrWhiteSpace(buttonPin))
        {
            if (TryPin(buttonPin, out int pin))
            {
                bool activeLow = Bool(get, "Gpio:Button:ActiveLow", true, problems);
                int debounce = Int(get, "Gpio:Button:DebounceMs", 50, 5, 1000, problems);
                if (used.Contains(pin))
                {
                    problems.Add($"Gpio:Button:Pin = {Num(pin)} is already an output; no button.");
                }
                else
                {
                    button = new GpioButtonOptions(pin, activeLow, debounce);
                }
            }
            else
            {
                problems.Add($"Gpio:Button:Pin = '{buttonPin}' is not a pin number from 0 to {Num(MaxPin)}; no button.");
            }
        }

        return new GpioOptions { Chip = chip, Outputs = outputs, Button = button, Problems = problems };
    }

    /// <summary>
    /// A JSON array in settings.json ("Alarms": ["cell_high", "soc_low"]) arrives as Alarms:0, Alarms:1, ...: read it
    /// as the comma-separated list it means, so the output does not silently fall back to every alarm.
    /// </summary>
    private static string? JoinedArray(Func<string, string?> get, string key)
    {
        var parts = new List<string>();
        for (int i = 0; i < 64 && get($"{key}:{i.ToString(System.Globalization.CultureInfo.InvariantCulture)}") is { } part; i++)
        {
            parts.Add(part);
        }

        return parts.Count == 0 ? null : string.Join(',', parts);
    }

    private static GpioOutputOptions? TryOutput(Func<string, string?> get, string prefix, List<string> problems)
    {
        string? rawPin = get(prefix + "Pin");
        if (string.IsNullOrWhiteSpace(rawPin))
        {
            string[] others = ["Alarms", "ActiveLow", "PulseMs", "SilenceOnAcknowledge"];
            if (others.Any(k => get(prefix + k) is not null))
            {
                problems.Add($"{prefix}Pin is missing; this output is ignored.");
            }

            return null;
        }

        if (!TryPin(rawPin, out int pin))
        {
            problems.Add($"{prefix}Pin = '{rawPin}' is not a pin number from 0 to {Num(MaxPin)}; this output is ignored.");
            return null;
        }

        var alarms = AlarmSet.All;
        string? rawAlarms = get(prefix + "Alarms") ?? JoinedArray(get, prefix + "Alarms");
        if (rawAlarms is not null)
        {
            if (!AlarmKinds.TryParseSet(rawAlarms, out alarms, out string? unknown))
            {
                string known = string.Join(", ", Enumerable.Range(0, AlarmKinds.Count).Select(k => ((AlarmKind)k).Key()));
                problems.Add($"{prefix}Alarms = '{rawAlarms}': '{unknown}' is not an alarm (all, none, {known}); this output is ignored.");
                return null;
            }

            if (alarms == AlarmSet.None)
            {
                problems.Add($"{prefix}Alarms = '{rawAlarms}' names no alarm; pin {Num(pin)} will stay off.");
            }
        }

        bool activeLow = Bool(get, prefix + "ActiveLow", false, problems);
        int pulse = Int(get, prefix + "PulseMs", 0, 0, 60_000, problems);
        if (pulse is > 0 and < 20)
        {
            problems.Add($"{prefix}PulseMs = {Num(pulse)} is too short to hear or see; using 20.");
            pulse = 20;
        }

        bool silence = Bool(get, prefix + "SilenceOnAcknowledge", true, problems);
        return new GpioOutputOptions(pin, alarms, activeLow, pulse, silence);
    }

    private static bool TryPin(string raw, out int pin) =>
        int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out pin) && pin >= 0 && pin <= MaxPin;

    private static int Int(Func<string, string?> get, string key, int fallback, int min, int max, List<string> problems)
    {
        string? raw = get(key);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (int.TryParse(raw.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max)
        {
            return v;
        }

        problems.Add($"{key} = '{raw}' is not a whole number from {Num(min)} to {Num(max)}; using {Num(fallback)}.");
        return fallback;
    }

    private static bool Bool(Func<string, string?> get, string key, bool fallback, List<string> problems)
    {
        string? raw = get(key);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (bool.TryParse(raw.Trim(), out bool v))
        {
            return v;
        }

        problems.Add($"{key} = '{raw}' is not true or false; using {(fallback ? "true" : "false")}.");
        return fallback;
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
