using System.Globalization;
using FbDisplay.Core.Alarms;
using FbDisplay.Settings;

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
/// The GPIO settings of the catalogue (<c>Catalog.Gpio</c>). An output or button without a usable pin is dropped and
/// the reason reported in the reader's problems; nothing configured means nothing is opened.
/// </summary>
public sealed record GpioOptions
{
    /// <summary>The gpiochip number: 0 on a Pi 1-4; a Pi 5 on an older kernel has the header on gpiochip4.</summary>
    public int Chip { get; init; }

    public IReadOnlyList<GpioOutputOptions> Outputs { get; init; } = [];

    public GpioButtonOptions? Button { get; init; }

    /// <summary>False when no pin is configured: then nothing should be opened.</summary>
    public bool IsEnabled => Outputs.Count > 0 || Button is not null;

    public static GpioOptions Read(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int chip = settings.Get(Catalog.Gpio.Chip);
        var outputs = new List<GpioOutputOptions>();
        var used = new HashSet<int>();
        for (int i = 0; i < Catalog.Gpio.MaxOutputs; i++)
        {
            GpioOutputSettings keys = Catalog.Gpio.Output(i);
            if (ReadOutput(settings, keys) is not { } output)
            {
                continue;
            }

            if (!used.Add(output.Pin))
            {
                settings.Problems.Report(keys.Pin.Key, $"{keys.Pin.Key} = {Num(output.Pin)} is already used by another output; this output is ignored.");
                continue;
            }

            outputs.Add(output);
        }

        GpioButtonOptions? button = null;
        if (Pin(settings, Catalog.Gpio.ButtonPin, "no button") is { } pin)
        {
            if (used.Contains(pin))
            {
                settings.Problems.Report(Catalog.Gpio.ButtonPin.Key, $"{Catalog.Gpio.ButtonPin.Key} = {Num(pin)} is already an output; no button.");
            }
            else
            {
                button = new GpioButtonOptions(pin, settings.Get(Catalog.Gpio.ButtonActiveLow), settings.Get(Catalog.Gpio.ButtonDebounceMs));
            }
        }

        return new GpioOptions { Chip = chip, Outputs = outputs, Button = button };
    }

    private static GpioOutputOptions? ReadOutput(SettingsReader settings, GpioOutputSettings keys)
    {
        if (settings.Raw(keys.Pin.Key) is not { } raw || raw.Trim().Length == 0)
        {
            if (settings.IsSet(keys.Alarms) || settings.IsSet(keys.ActiveLow) || settings.IsSet(keys.PulseMs) || settings.IsSet(keys.SilenceOnAcknowledge))
            {
                settings.Problems.Report(keys.Pin.Key, $"{keys.Pin.Key} is missing; this output is ignored.");
            }

            return null;
        }

        if (Pin(settings, keys.Pin, "this output is ignored") is not { } pin)
        {
            return null;
        }

        var alarms = AlarmSet.All;
        if (settings.GetList(keys.Alarms) is { } rawAlarms)
        {
            if (!AlarmKinds.TryParseSet(rawAlarms, out alarms, out string? unknown))
            {
                string known = string.Join(", ", Enumerable.Range(0, AlarmKinds.Count).Select(k => ((AlarmKind)k).Key()));
                settings.Problems.Report(keys.Alarms.Key, $"{keys.Alarms.Key} = '{rawAlarms}': '{unknown}' is not an alarm (all, none, {known}); this output is ignored.");
                return null;
            }

            if (alarms == AlarmSet.None)
            {
                settings.Problems.Report(keys.Alarms.Key, $"{keys.Alarms.Key} = '{rawAlarms}' names no alarm; pin {Num(pin)} will stay off.");
            }
        }

        int pulse = settings.Get(keys.PulseMs);
        if (pulse is > 0 and < 20)
        {
            settings.Problems.Report(keys.PulseMs.Key, $"{keys.PulseMs.Key} = {Num(pulse)} is too short to hear or see; using 20.");
            pulse = 20;
        }

        return new GpioOutputOptions(pin, alarms, settings.Get(keys.ActiveLow), pulse, settings.Get(keys.SilenceOnAcknowledge));
    }

    /// <summary>The pin a setting names, or null (not set, or not a pin: reported with what follows).</summary>
    private static int? Pin(SettingsReader settings, IntSetting setting, string consequence)
    {
        if (settings.Raw(setting.Key) is not { } raw || raw.Trim().Length == 0)
        {
            return null;
        }

        if (setting.TryParse(raw, out int pin))
        {
            return pin;
        }

        settings.Problems.Report(setting.Key, $"{setting.Key} = '{raw}' is not a pin number from {Num(setting.Min)} to {Num(setting.Max)}; {consequence}.");
        return null;
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
