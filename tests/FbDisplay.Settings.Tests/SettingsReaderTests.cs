using CsCheck;

namespace FbDisplay.Settings.Tests;

public class SettingsReaderTests
{
    private static SettingsReader Reader(params (string Key, string? Value)[] values) =>
        new(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));

    [Test]
    public void A_value_that_does_not_parse_gives_the_default_and_one_sentence_naming_key_value_and_fallback()
    {
        SettingsReader r = Reader(("Udp:Port", "abc"));
        Assert.That(r.Get(Catalog.Udp.Port), Is.EqualTo(6500));
        Assert.That(r.Get(Catalog.Udp.Port), Is.EqualTo(6500));
        Assert.That(r.Problems.Messages, Is.EqualTo(new[] { "Setting ignored: Udp:Port = 'abc' is not a port (1-65535); using 6500." }));
    }

    [Test]
    public void Values_out_of_range_are_refused_like_values_that_do_not_parse()
    {
        SettingsReader r = Reader(("Log:FlushSeconds", "9"), ("Display:Brightness", "101"), ("Alarms:SocLow:Threshold", "-1"));
        Assert.That(r.Get(Catalog.Log.FlushSeconds), Is.EqualTo(2));
        Assert.That(r.Get(Catalog.Display.Brightness), Is.EqualTo(100));
        Assert.That(r.Get(Catalog.Alarms.For(Core.Alarms.AlarmKind.SocLow).Threshold), Is.EqualTo(15));
        Assert.That(r.Problems.Messages, Has.Count.EqualTo(3));
        Assert.That(r.Problems.Messages[2], Is.EqualTo("Setting ignored: Alarms:SocLow:Threshold = '-1' is not a number from 0 to 100 %; using 15."));
    }

    [Test]
    public void Keys_are_case_insensitive_and_the_last_source_wins()
    {
        SettingsReader r = Reader(("udp:port", "6501"), ("Udp:Port", "6502"));
        Assert.That(r.Get(Catalog.Udp.Port), Is.EqualTo(6502));
    }

    [Test]
    public void Empty_text_is_a_value_of_its_own_where_it_means_off_and_the_default_elsewhere()
    {
        SettingsReader r = Reader(("Web:Urls", ""), ("Vnc:Port", " "), ("Udp:Port", ""), ("Display:Framebuffer", ""));
        Assert.That(r.Get(Catalog.Web.Urls), Is.Empty);
        Assert.That(r.Get(Catalog.Display.Framebuffer), Is.Empty);
        Assert.That(r.Get(Catalog.Vnc.Port), Is.Zero);
        Assert.That(r.Get(Catalog.Udp.Port), Is.EqualTo(6500));
        Assert.That(r.Problems.Messages, Is.Empty);
    }

    [Test]
    public void A_secret_that_does_not_parse_is_reported_without_its_value()
    {
        SettingsReader r = Reader(("History:External", "ftp://user:hunter2@host/db"));
        Assert.That(r.Get(Catalog.History.External), Is.Empty);
        Assert.That(r.Problems.Messages.Single(), Does.Not.Contain("hunter2"));
        Assert.That(r.Problems.Messages.Single(), Does.StartWith("Setting ignored: History:External is not a mysql:// or postgres:// URL"));
    }

    [Test]
    public void A_list_reads_a_comma_separated_value_or_a_json_array()
    {
        TextSetting alarms = Catalog.Gpio.Output(0).Alarms;
        Assert.That(Reader(("Gpio:Outputs:0:Alarms", "soc_low, cell_high")).GetList(alarms), Is.EqualTo("soc_low, cell_high"));
        Assert.That(Reader(("Gpio:Outputs:0:Alarms:0", "soc_low"), ("Gpio:Outputs:0:Alarms:1", "cell_high")).GetList(alarms), Is.EqualTo("soc_low,cell_high"));
        Assert.That(Reader().GetList(alarms), Is.Null);
        Assert.That(Reader(("Gpio:Outputs:0:Alarms:0", "x")).IsSet(alarms), Is.True);
    }

    [Test]
    public void Unknown_keys_are_reported_once_with_the_nearest_declared_key()
    {
        SettingsReader r = Reader(("Udp:Prot", "6501"), ("Gpio:Outputs:1:Alarms:0", "soc_low"), ("Nonsense:Key", "1"), ("Udp:Port", "6501"));
        r.ReportUnknownKeys();
        r.ReportUnknownKeys();
        Assert.That(r.Problems.Messages, Is.EqualTo(new[]
        {
            "Setting ignored: Udp:Prot is not a setting (did you mean Udp:Port?).",
            "Setting ignored: Nonsense:Key is not a setting.",
        }));
    }

    [Test]
    public void Any_text_whatsoever_reads_as_a_value_or_as_the_default_and_never_throws()
    {
        Gen.String.Sample(text =>
        {
            SettingsReader r = Reader(Catalog.All.Select(s => (s.Key, (string?)text)).ToArray());
            foreach (Setting s in Catalog.All)
            {
                _ = s switch
                {
                    IntSetting i => (object)r.Get(i),
                    NumberSetting n => r.Get(n),
                    BoolSetting b => r.Get(b),
                    TextSetting t => r.Get(t),
                    _ => s.TryNormalize(text, out _),
                };
            }
        }, iter: 300);
    }
}
