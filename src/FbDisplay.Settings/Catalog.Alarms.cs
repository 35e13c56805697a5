using System.Globalization;
using FbDisplay.Core.Alarms;

namespace FbDisplay.Settings;

public static partial class Catalog
{
    /// <summary>The alarms ([docs/alarms.md](docs/alarms.md)): four settings per alarm.</summary>
    public static class Alarms
    {
        private const string PerAlarm = "per alarm ([docs/alarms.md](docs/alarms.md))";
        private static readonly Section S = new();
        private static readonly AlarmRuleSettings[] Rules = RuleFamily();

        internal static IReadOnlyList<Setting> All => S.Settings;

        /// <summary>The settings of one alarm's rule (Alarms:&lt;Kind&gt;:...).</summary>
        public static AlarmRuleSettings For(AlarmKind kind) => Rules[(int)kind];

        /// <summary>Every alarm's rule as configured; a value that does not parse keeps that rule's default and is reported.</summary>
        public static AlarmSettings Read(SettingsReader settings)
        {
            ArgumentNullException.ThrowIfNull(settings);
            var rules = new AlarmSettings();
            for (int i = 0; i < AlarmKinds.Count; i++)
            {
                var kind = (AlarmKind)i;
                AlarmRuleSettings r = Rules[i];
                rules = rules.With(kind, new AlarmRule(
                    settings.Get(r.Enabled), settings.Get(r.Threshold), settings.Get(r.Hysteresis), TimeSpan.FromSeconds(settings.Get(r.DelaySeconds))));
            }

            return rules;
        }

        private static AlarmRuleSettings[] RuleFamily()
        {
            var defaults = new AlarmSettings();
            var rules = new AlarmRuleSettings[AlarmKinds.Count];
            for (int i = 0; i < rules.Length; i++)
            {
                var kind = (AlarmKind)i;
                AlarmRule d = defaults[kind];
                string unit = AlarmSettings.Unit(kind);
                (double min, double max, double sliderMin, double sliderMax, double step) = kind switch
                {
                    AlarmKind.CellHigh or AlarmKind.CellLow => (0.0, 5.0, 0.0, 5.0, 0.01),
                    AlarmKind.CellSpread => (0, 2000, 20, 500, 10),
                    AlarmKind.TemperatureHigh => (-50, 150, 25, 80, 1),
                    AlarmKind.TemperatureLow => (-50, 150, -30, 20, 1),
                    AlarmKind.SocLow => (0, 100, 0, 80, 1),
                    AlarmKind.ControllerLost => (1, 86400, 10, 600, 10),
                    AlarmKind.ContactorOpen or AlarmKind.ControllerFault => (0, 63, 0, 63, 1),
                    AlarmKind.BmsProtection => (0, 65535, 0, 65535, 1),
                    _ => (1, 86400, 10, 3600, 10),
                };
                string prefix = "Alarms:" + kind.ToString() + ":";
                rules[i] = new AlarmRuleSettings(
                    S.Add(new BoolSetting(prefix + "Enabled", d.Enabled, "False: the alarm is never raised.") { DocKey = "Alarms:<Kind>:Enabled" }),
                    S.Add(new NumberSetting(
                        prefix + "Threshold", d.Threshold, min, max, unit,
                        "Where the alarm is raised (cells: 0 V = the controller's 0x652 cutoffs; SOC 0 % = off; not used by contactor_open, controller_fault and bms_protection).", SettingApply.Live)
                    {
                        DocKey = "Alarms:<Kind>:Threshold",
                        FamilyNote = PerAlarm,
                        SliderMin = sliderMin,
                        SliderMax = sliderMax,
                        Step = step,
                    }),
                    S.Add(new NumberSetting(prefix + "Hysteresis", d.Hysteresis, 0, max - min, unit, "How far back past the threshold the value must come to clear.")
                    {
                        DocKey = "Alarms:<Kind>:Hysteresis",
                        FamilyNote = PerAlarm,
                    }),
                    S.Add(new NumberSetting(prefix + "DelaySeconds", d.Delay.TotalSeconds, 0, 86400, "s", "How long the condition must hold, to raise and to clear.")
                    {
                        DocKey = "Alarms:<Kind>:DelaySeconds",
                        FamilyNote = PerAlarm,
                    }));
            }

            return rules;
        }
    }

    /// <summary>Relay or buzzer outputs and an acknowledge button ([src/FbDisplay.Linux/README.md](src/FbDisplay.Linux/README.md#gpio-alarm-relay-buzzer-and-button)).</summary>
    public static class Gpio
    {
        /// <summary>Outputs looked at: Gpio:Outputs:0 to Gpio:Outputs:15.</summary>
        public const int MaxOutputs = 16;

        /// <summary>The highest pin number accepted; the chip itself rejects lines it lacks.</summary>
        public const int MaxPin = 63;

        private static readonly Section S = new();

        public static readonly IntSetting Chip = S.Add(new IntSetting(
            "Gpio:Chip", 0, 0, 63, "The gpiochip number: 0 on a Pi 1-4 (a Pi 5 on an older kernel: 4)."));

        private static readonly GpioOutputSettings[] Outputs = OutputFamily();

        public static readonly IntSetting ButtonPin = S.Add(new IntSetting(
            "Gpio:Button:Pin", 0, 0, MaxPin, "BCM pin of a button that acknowledges alarms and wakes the screen.", noun: "a pin number")
        {
            DefaultNote = "none",
        });

        public static readonly BoolSetting ButtonActiveLow = S.Add(new BoolSetting(
            "Gpio:Button:ActiveLow", true, "True: button to ground with the internal pull-up; false: to 3.3 V, pull-down."));

        public static readonly IntSetting ButtonDebounceMs = S.Add(new IntSetting(
            "Gpio:Button:DebounceMs", 50, 5, 1000, "How long the level must stay put before a press counts (ms)."));

        internal static IReadOnlyList<Setting> All => S.Settings;

        /// <summary>The settings of output <paramref name="index"/> (0 to <see cref="MaxOutputs"/> - 1).</summary>
        public static GpioOutputSettings Output(int index) => Outputs[index];

        private static GpioOutputSettings[] OutputFamily()
        {
            var outputs = new GpioOutputSettings[MaxOutputs];
            for (int i = 0; i < outputs.Length; i++)
            {
                string prefix = "Gpio:Outputs:" + i.ToString(CultureInfo.InvariantCulture) + ":";
                outputs[i] = new GpioOutputSettings(
                    S.Add(new IntSetting(prefix + "Pin", 0, 0, MaxPin, "BCM pin of a relay or buzzer output (GPIO17 = 17).", noun: "a pin number")
                    {
                        DocKey = "Gpio:Outputs:<N>:Pin",
                        DefaultNote = "none",
                    }),
                    S.Add(new TextSetting(
                        prefix + "Alarms", "all", "The alarms that switch it on: `all`, `none`, or names such as `cell_high,soc_low`.",
                        isValid: t => AlarmKinds.TryParseSet(t, out _, out _), expectation: "all, none or alarm names (cell_high, soc_low, ...)")
                    {
                        DocKey = "Gpio:Outputs:<N>:Alarms",
                        IsList = true,
                    }),
                    S.Add(new BoolSetting(prefix + "ActiveLow", false, "On = low level (most opto-isolated relay boards).") { DocKey = "Gpio:Outputs:<N>:ActiveLow" }),
                    S.Add(new IntSetting(prefix + "PulseMs", 0, 0, 60_000, "0 = steady; else on and off for this long while active (a buzzer).")
                    {
                        DocKey = "Gpio:Outputs:<N>:PulseMs",
                    }),
                    S.Add(new BoolSetting(prefix + "SilenceOnAcknowledge", true, "True: off once acknowledged; false: on while the alarm is raised.")
                    {
                        DocKey = "Gpio:Outputs:<N>:SilenceOnAcknowledge",
                    }));
            }

            return outputs;
        }
    }
}

/// <summary>One alarm's four settings.</summary>
public sealed record AlarmRuleSettings(BoolSetting Enabled, NumberSetting Threshold, NumberSetting Hysteresis, NumberSetting DelaySeconds);

/// <summary>One GPIO output's five settings.</summary>
public sealed record GpioOutputSettings(IntSetting Pin, TextSetting Alarms, BoolSetting ActiveLow, IntSetting PulseMs, BoolSetting SilenceOnAcknowledge);
