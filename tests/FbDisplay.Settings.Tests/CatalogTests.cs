using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;

namespace FbDisplay.Settings.Tests;

public class CatalogTests
{
    [Test]
    public void Every_key_is_declared_once_and_sits_in_its_section()
    {
        // Building the index throws on a key declared twice (case-insensitive, as configuration keys are).
        Assert.That(Catalog.All, Has.Count.GreaterThan(100));
        Assert.That(Catalog.All.Select(s => s.Key.ToUpperInvariant()), Is.Unique);
        foreach (Setting s in Catalog.All)
        {
            Assert.That(s.Help, Is.Not.Empty, s.Key);
            Assert.That(s.Help.TrimEnd().EndsWith('.') || s.Help.TrimEnd().EndsWith(')'), Is.True, s.Key + ": help is one sentence");
        }
    }

    [Test]
    public void Every_default_is_an_allowed_value_and_stays_as_it_is_written()
    {
        foreach (Setting s in Catalog.All)
        {
            if (s.DefaultText.Length == 0)
            {
                continue;
            }

            Assert.That(s.TryNormalize(s.DefaultText, out string? normalized), Is.True, s.Key);
            Assert.That(normalized, Is.EqualTo(s.DefaultText), s.Key);
        }
    }

    [Test]
    public void Slider_windows_lie_inside_the_allowed_range_and_hold_the_default()
    {
        foreach (NumberSetting s in Catalog.All.OfType<NumberSetting>())
        {
            Assert.That(s.SliderMin, Is.GreaterThanOrEqualTo(s.Min), s.Key);
            Assert.That(s.SliderMax, Is.LessThanOrEqualTo(s.Max), s.Key);
            Assert.That(s.SliderMin, Is.LessThan(s.SliderMax), s.Key);
            Assert.That(s.Step, Is.GreaterThan(0), s.Key);
        }

        foreach (IntSetting s in Catalog.All.OfType<IntSetting>())
        {
            Assert.That(s.Presets, Has.All.InRange(s.Min, s.Max), s.Key);
        }
    }

    [Test]
    public void Families_are_found_by_their_domain_keys()
    {
        Assert.That(Catalog.Alarms.For(AlarmKind.CellSpread).Threshold.Key, Is.EqualTo("Alarms:CellSpread:Threshold"));
        Assert.That(Catalog.Alarms.For(AlarmKind.CellSpread).Threshold.Default, Is.EqualTo(new AlarmSettings()[AlarmKind.CellSpread].Threshold));
        Assert.That(Catalog.Gpio.Output(15).PulseMs.Key, Is.EqualTo("Gpio:Outputs:15:PulseMs"));
        Assert.That(Catalog.Controller.WireName(ControllerSetting.BalanceVoltage).Default, Is.EqualTo("BALV"));
        Assert.That(Catalog.Controller.Limit(ControllerSetting.PackCapacityAh), Is.SameAs(Catalog.Controller.CapacityAh));
        foreach (ControllerSetting c in Enum.GetValues<ControllerSetting>())
        {
            Assert.That(Catalog.Controller.WireName(c).Key, Does.EndWith(":" + c), "one wire name per controller setting");
            Assert.That(Catalog.Controller.Limit(c), Is.Not.Null);
        }
    }

    [Test]
    public void Keys_are_found_whatever_their_case_and_list_items_belong_to_their_list()
    {
        Assert.That(Catalog.Find("udp:port"), Is.SameAs(Catalog.Udp.Port));
        Assert.That(Catalog.Find("Udp:Prot"), Is.Null);
        Assert.That(Catalog.IsListItem("Gpio:Outputs:3:Alarms:0"), Is.True);
        Assert.That(Catalog.IsListItem("Udp:Port:0"), Is.False);
        Assert.That(Catalog.Nearest("Udp:Prot"), Is.EqualTo("Udp:Port"));
        Assert.That(Catalog.Nearest("Completely:Else"), Is.Null);
    }

    [Test]
    public void Choices_read_their_names_and_aliases_and_nothing_else()
    {
        Assert.That(Catalog.Mqtt.Mode.TryParse("receiver", out MqttMode m) && m == MqttMode.Receiver, Is.True);
        Assert.That(Catalog.Mqtt.Mode.TryParse("2", out _), Is.False, "no numbers for enum names");
        Assert.That(Catalog.Display.TemperatureUnit.TryParse("Fahrenheit", out var u) && Catalog.Display.TemperatureUnit.Format(u) == "F", Is.True);
        Assert.That(Catalog.Display.Rotation.TryParse("45", out _), Is.False);
    }

    [Test]
    public void Alarm_rules_read_overrides_and_report_bad_values_keeping_the_defaults()
    {
        var settings = new SettingsReader(new Dictionary<string, string?>
        {
            ["Alarms:CellSpread:Threshold"] = "120",
            ["Alarms:CellSpread:DelaySeconds"] = "5",
            ["alarms:socLow:enabled"] = "false",
            ["Alarms:TemperatureHigh:Threshold"] = "hot",
            ["Alarms:ControllerLost:Threshold"] = "-5",
        });
        AlarmSettings rules = Catalog.Alarms.Read(settings);
        var defaults = new AlarmSettings();
        Assert.That(rules[AlarmKind.CellSpread], Is.EqualTo(defaults[AlarmKind.CellSpread] with { Threshold = 120, Delay = TimeSpan.FromSeconds(5) }));
        Assert.That(rules[AlarmKind.SocLow].Enabled, Is.False, "keys are case-insensitive");
        Assert.That(rules[AlarmKind.TemperatureHigh], Is.EqualTo(defaults[AlarmKind.TemperatureHigh]));
        Assert.That(rules[AlarmKind.ControllerLost].Threshold, Is.EqualTo(defaults[AlarmKind.ControllerLost].Threshold), "a silence alarm needs at least a second");
        Assert.That(settings.Problems.Messages, Is.EqualTo(new[]
        {
            "Setting ignored: Alarms:TemperatureHigh:Threshold = 'hot' is not a number from -50 to 150 °C; using 50.",
            "Setting ignored: Alarms:ControllerLost:Threshold = '-5' is not a number from 1 to 86400 s; using 30.",
        }));
    }
}
