using FbDisplay.Core.Alarms;
using FbDisplay.Linux.Gpio;
using FbDisplay.Settings;

namespace FbDisplay.Linux.Tests.Gpio;

public sealed class GpioOptionsTests
{
    [Test]
    public void No_keys_means_nothing_enabled_and_no_problems()
    {
        var options = Parse();
        Assert.That(options.IsEnabled, Is.False);
        Assert.That(options.Chip, Is.Zero);
        Assert.That(options.Outputs, Is.Empty);
        Assert.That(options.Button, Is.Null);
        Assert.That(options.Problems, Is.Empty);
    }

    [Test]
    public void Alarms_written_as_a_json_array_mean_the_same_as_a_comma_separated_list()
    {
        // settings.json: "Alarms": ["cell_high", "temperature_high"] reaches configuration as Alarms:0, Alarms:1.
        var options = Parse(("Gpio:Outputs:0:Pin", "17"), ("Gpio:Outputs:0:Alarms:0", "cell_high"), ("Gpio:Outputs:0:Alarms:1", "temperature_high"));
        Assert.That(options.Problems, Is.Empty);
        Assert.That(options.Outputs.Single().Alarms, Is.EqualTo(AlarmSet.CellHigh | AlarmSet.TemperatureHigh), "not every alarm");
    }

    [Test]
    public void A_full_configuration_parses_with_defaults_for_missing_keys()
    {
        var options = Parse(
            ("Gpio:Chip", "4"),
            ("Gpio:Outputs:0:Pin", "17"),
            ("Gpio:Outputs:1:Pin", "22"),
            ("Gpio:Outputs:1:Alarms", "cell_high, SOC_LOW"),
            ("Gpio:Outputs:1:ActiveLow", "true"),
            ("Gpio:Outputs:1:PulseMs", "500"),
            ("Gpio:Outputs:1:SilenceOnAcknowledge", "False"),
            ("Gpio:Button:Pin", "27"),
            ("Gpio:Button:ActiveLow", "false"),
            ("Gpio:Button:DebounceMs", "30"));

        Assert.That(options.Problems, Is.Empty);
        Assert.That(options.Chip, Is.EqualTo(4));
        Assert.That(options.Outputs, Is.EqualTo(new[]
        {
            new GpioOutputOptions(17, AlarmSet.All, ActiveLow: false, PulseMilliseconds: 0, SilenceOnAcknowledge: true),
            new GpioOutputOptions(22, AlarmSet.CellHigh | AlarmSet.SocLow, ActiveLow: true, PulseMilliseconds: 500, SilenceOnAcknowledge: false),
        }));
        Assert.That(options.Button, Is.EqualTo(new GpioButtonOptions(27, ActiveLow: false, DebounceMilliseconds: 30)));
        Assert.That(options.IsEnabled, Is.True);
    }

    [Test]
    public void Button_defaults_to_active_low_with_50_ms_debounce()
    {
        Assert.That(Parse(("Gpio:Button:Pin", "6")).Button, Is.EqualTo(new GpioButtonOptions(6, ActiveLow: true, DebounceMilliseconds: 50)));
    }

    [Test]
    public void An_unknown_alarm_name_drops_that_output_and_lists_the_names()
    {
        var options = Parse(("Gpio:Outputs:0:Pin", "17"), ("Gpio:Outputs:0:Alarms", "cell_high,soc_lo"), ("Gpio:Outputs:1:Pin", "18"));
        Assert.That(options.Outputs.Select(o => o.Pin), Is.EqualTo(new[] { 18 }));
        Assert.That(options.Problems.Single(), Does.StartWith("Gpio:Outputs:0:Alarms = 'cell_high,soc_lo': 'soc_lo' is not an alarm")
            .And.Contain("soc_low").And.Contain("mqtt_down"));
    }

    [Test]
    public void Alarms_none_keeps_the_output_but_warns_it_stays_off()
    {
        var options = Parse(("Gpio:Outputs:0:Pin", "17"), ("Gpio:Outputs:0:Alarms", "none"));
        Assert.That(options.Outputs.Single().Alarms, Is.EqualTo(AlarmSet.None));
        Assert.That(options.Problems.Single(), Does.Contain("pin 17 will stay off"));
    }

    [TestCase("x")]
    [TestCase("-1")]
    [TestCase("64")]
    public void A_bad_pin_drops_the_output(string pin)
    {
        var options = Parse(("Gpio:Outputs:0:Pin", pin));
        Assert.That(options.Outputs, Is.Empty);
        Assert.That(options.Problems.Single(), Is.EqualTo($"Gpio:Outputs:0:Pin = '{pin}' is not a pin number from 0 to 63; this output is ignored."));
    }

    [Test]
    public void Output_keys_without_a_pin_are_reported()
    {
        var options = Parse(("Gpio:Outputs:2:ActiveLow", "true"));
        Assert.That(options.Outputs, Is.Empty);
        Assert.That(options.Problems.Single(), Is.EqualTo("Gpio:Outputs:2:Pin is missing; this output is ignored."));
    }

    [Test]
    public void Outputs_need_not_be_numbered_without_gaps()
    {
        var options = Parse(("Gpio:Outputs:0:Pin", "17"), ("Gpio:Outputs:3:Pin", "22"));
        Assert.That(options.Outputs.Select(o => o.Pin), Is.EqualTo(new[] { 17, 22 }));
    }

    [Test]
    public void Bad_values_fall_back_to_defaults_and_are_reported()
    {
        var options = Parse(
            ("Gpio:Chip", "nine"),
            ("Gpio:Outputs:0:Pin", "17"),
            ("Gpio:Outputs:0:ActiveLow", "yes"),
            ("Gpio:Outputs:0:PulseMs", "fast"),
            ("Gpio:Outputs:0:SilenceOnAcknowledge", "1"));
        Assert.That(options.Outputs.Single(), Is.EqualTo(new GpioOutputOptions(17)));
        Assert.That(options.Problems, Is.EqualTo(new[]
        {
            "Gpio:Chip = 'nine' is not a whole number from 0 to 63; using 0.",
            "Gpio:Outputs:0:ActiveLow = 'yes' is not true or false; using false.",
            "Gpio:Outputs:0:PulseMs = 'fast' is not a whole number from 0 to 60000; using 0.",
            "Gpio:Outputs:0:SilenceOnAcknowledge = '1' is not true or false; using true.",
        }));
    }

    [Test]
    public void A_pulse_too_short_to_notice_is_raised_to_20_ms()
    {
        var options = Parse(("Gpio:Outputs:0:Pin", "17"), ("Gpio:Outputs:0:PulseMs", "5"));
        Assert.That(options.Outputs.Single().PulseMilliseconds, Is.EqualTo(20));
        Assert.That(options.Problems.Single(), Does.Contain("PulseMs = 5"));
    }

    [Test]
    public void A_pin_used_twice_keeps_the_first_use()
    {
        var options = Parse(("Gpio:Outputs:0:Pin", "17"), ("Gpio:Outputs:1:Pin", "17"), ("Gpio:Button:Pin", "17"));
        Assert.That(options.Outputs, Has.Count.EqualTo(1));
        Assert.That(options.Button, Is.Null);
        Assert.That(options.Problems, Is.EqualTo(new[]
        {
            "Gpio:Outputs:1:Pin = 17 is already used by another output; this output is ignored.",
            "Gpio:Button:Pin = 17 is already an output; no button.",
        }));
    }

    [Test]
    public void An_empty_pin_value_means_not_configured()
    {
        var options = Parse(("Gpio:Outputs:0:Pin", ""), ("Gpio:Button:Pin", " "));
        Assert.That(options.IsEnabled, Is.False);
        Assert.That(options.Problems, Is.Empty);
    }

    private static Parsed Parse(params (string Key, string Value)[] values)
    {
        var settings = new SettingsReader(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
        return new Parsed(GpioOptions.Read(settings), settings.Problems.Messages.Select(m => m[SettingsProblems.Prefix.Length..]).ToArray());
    }

    /// <summary>The options and the problems reported while reading them (without the common "Setting ignored: ").</summary>
    private sealed record Parsed(GpioOptions Options, IReadOnlyList<string> Problems)
    {
        public IReadOnlyList<GpioOutputOptions> Outputs => Options.Outputs;

        public GpioButtonOptions? Button => Options.Button;

        public bool IsEnabled => Options.IsEnabled;

        public int Chip => Options.Chip;
    }
}
