using FbDisplay.Core.Alarms;
using FbDisplay.Core.Units;
using FbDisplay.Ui.Screens;
using FbDisplay.Ui.Tests.Support;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Tests;

/// <summary>The alarm banner over every screen, the alarm screen, and temperatures in Fahrenheit.</summary>
[Category("Screens")]
public sealed class AlarmScreenTests
{
    private Display _d = null!;

    [SetUp]
    public void SetUp() => _d = new Display();

    [TearDown]
    public void TearDown() => _d.Dispose();

    /// <summary>The pack of the charging picture, with its hottest sensor at <paramref name="maxTempC"/> and SOC at <paramref name="soc"/>.</summary>
    private static AlarmInputs Inputs(double maxTempC = 31, double soc = 87.5) => new()
    {
        CellsKnown = true, HighCellVolts = 4.08, LowCellVolts = 4.01, CutoffsKnown = true, HighCutoffVolts = 4.2, LowCutoffVolts = 3.2,
        TemperaturesKnown = true, MaxTemperatureC = maxTempC, MinTemperatureC = 27, SocKnown = true, SocPercent = soc,
    };

    /// <summary>Evaluates the alarms once a second for <paramref name="seconds"/> seconds, drawing as the tick loop would.</summary>
    private void Run(AlarmInputs inputs, int seconds)
    {
        for (int s = 0; s < seconds; s++)
        {
            _d.Time.Advance(TimeSpan.FromSeconds(1));
            _d.Alarms.Evaluate(inputs, _d.Time.GetTimestamp());
        }

        _d.Tick();
    }

    private void Overheat()
    {
        _d.FillHistory(87.5f, 4645f);
        ScreenGoldenTests.Charging(_d);
        Run(Inputs(), 2);
        Run(Inputs(maxTempC: 57), 11);
        Assert.That(_d.Alarms.Unacknowledged, Is.EqualTo(AlarmSet.TemperatureHigh));
        ScreenGoldenTests.Charging(_d); // fresh values again after the seconds the alarm took
    }

    [Test]
    public void A_raised_alarm_shows_a_red_banner_naming_it_over_the_main_screen()
    {
        Overheat();
        Assert.That(_d.Screens.Banner.Mode, Is.EqualTo(BannerMode.Unacknowledged));
        Assert.That(_d.Screens.Banner.TitleText.ToString(), Is.EqualTo("Temperature high"));
        Assert.That(_d.Screens.Banner.DetailText.ToString(), Does.StartWith("57 °C").And.Contains("since 19:19"));
        Shots.Check(_d.Picture(), "alarm_banner");
    }

    [Test]
    public void Tapping_the_banner_acknowledges_and_leaves_a_tag_that_opens_the_alarm_screen()
    {
        Overheat();
        PixelPoint strip = Middle(_d.Screens.Banner.StripBounds);
        _d.Tap(strip.X, strip.Y);
        Assert.That(_d.Alarms.Unacknowledged, Is.EqualTo(AlarmSet.None), "the tap acknowledged");
        Assert.That(_d.Alarms.Raised, Is.EqualTo(AlarmSet.TemperatureHigh), "acknowledging does not clear");
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Main), "the acknowledging tap does not fall through to the screen");
        _d.Tick();
        Assert.That(_d.Screens.Banner.Mode, Is.EqualTo(BannerMode.Acknowledged));
        Shots.Check(_d.Picture(), "alarm_acknowledged");

        PixelPoint tag = Middle(_d.Screens.Banner.TagBounds);
        _d.Tap(tag.X, tag.Y);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Alarms));
    }

    [Test]
    public void The_alarm_screen_lists_raised_alarms_and_the_history_newest_first()
    {
        _d.FillHistory(87.5f, 4645f);
        ScreenGoldenTests.Charging(_d);
        Run(Inputs(soc: 12), 11); // SOC low raised at 19:19:52
        Run(Inputs(soc: 25), 11); // and cleared
        _d.Time.Advance(TimeSpan.FromMinutes(42));
        Run(Inputs(maxTempC: 57), 11);
        _d.Alarms.AcknowledgeAll();
        _d.Time.Advance(TimeSpan.FromMinutes(3));
        Run(Inputs(maxTempC: 57) with { HighCellVolts = 4.24 }, 6);
        Assert.That(_d.Alarms.Raised, Is.EqualTo(AlarmSet.TemperatureHigh | AlarmSet.CellHigh));
        ScreenGoldenTests.Charging(_d);
        _d.Show(ScreenId.Alarms);
        _d.Tick();
        AlarmScreen screen = _d.Screens.Alarms;
        Assert.That(screen.Active.Text, Does.Contain("Temperature high").And.Contains("Cell voltage high\t4.240 V"));
        Assert.That(screen.History.Text.Split('\n')[0], Does.Contain("RAISED").And.Contains("Cell voltage high"), "newest first");
        Assert.That(screen.Acknowledge.Enabled, Is.True);
        Shots.Check(_d.Picture(), "alarm_screen");

        _d.Tap(screen.Acknowledge);
        Assert.That(_d.Alarms.Unacknowledged, Is.EqualTo(AlarmSet.None));
        Assert.That(screen.Acknowledge.Enabled, Is.False);
        _d.Tap(screen.Close);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Main));
    }

    [Test]
    public void The_banner_shows_over_every_screen_and_its_tap_does_not_reach_the_screen_beneath()
    {
        Overheat();
        foreach (ScreenId id in new[] { ScreenId.SocLog, ScreenId.Cells, ScreenId.PowerLog, ScreenId.Settings, ScreenId.SettingsSystem, ScreenId.Alarms })
        {
            _d.Show(id);
            _d.Tick();
            using SKBitmap picture = _d.Picture();
            PixelPoint p = Middle(_d.Screens.Banner.StripBounds);
            Assert.That(picture.GetPixel(4, p.Y), Is.EqualTo(new SKColor(0xF0, 0x3E, 0x3E)), $"banner red on {id}");
        }

        // On the limits page the strip lies over the cutoff footnote and the toast: a tap there only acknowledges.
        _d.Show(ScreenId.Settings);
        PixelPoint strip = Middle(_d.Screens.Banner.StripBounds);
        _d.Tap(strip.X, strip.Y);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Settings));
        Assert.That(_d.Alarms.Unacknowledged, Is.EqualTo(AlarmSet.None));
    }

    [Test]
    public void Calibration_the_keyboard_and_dialogs_are_not_covered_and_settings_results_rise_above_the_banner()
    {
        Overheat();
        foreach (ScreenId id in new[] { ScreenId.TouchCalibration, ScreenId.Keyboard, ScreenId.Confirm })
        {
            _d.Show(id);
            _d.Tick();
            Assert.That(_d.ActiveScreen.TopLayer, Is.Null, $"no banner over {id}");
        }

        // The third calibration target lies where the strip would be: the tap reaches the calibration.
        _d.Show(ScreenId.TouchCalibration);
        _d.Tick();
        foreach ((int x, int y) in TouchCalibrationScreen.Targets)
        {
            _d.Tap(x, y);
        }

        Assert.That(_d.Alarms.Unacknowledged, Is.EqualTo(AlarmSet.TemperatureHigh), "no tap acknowledged by accident");
        Assert.That(_d.Current, Is.Not.EqualTo(ScreenId.TouchCalibration), "all three targets were taken: calibration finished");

        _d.Show(ScreenId.SettingsSystem);
        _d.Tick();
        Assert.That(_d.Screens.SystemPage.Toast.Bounds.Bottom, Is.LessThanOrEqualTo(_d.Screens.Banner.StripBounds.Y), "the toast is readable above the strip");
        _d.Alarms.Settings = _d.Alarms.Settings.With(AlarmKind.TemperatureHigh, _d.Alarms.Settings[AlarmKind.TemperatureHigh] with { Enabled = false });
        Run(Inputs(), 1);
        _d.Tick();
        Assert.That(_d.Screens.SystemPage.Toast.Bounds.Bottom, Is.EqualTo(474), "back in its place once all is clear");
    }

    [Test]
    public void The_bell_on_the_main_screen_opens_the_alarm_screen_and_shows_the_state_in_its_colour()
    {
        ScreenGoldenTests.Charging(_d);
        _d.Tick();
        Assert.That(_d.Screens.Main.Bell.Foreground, Is.EqualTo(Drawing.Theme.TextDim));
        Overheat();
        _d.Tick();
        Assert.That(_d.Screens.Main.Bell.Foreground, Is.EqualTo(Drawing.Theme.Discharge));
        _d.Alarms.AcknowledgeAll();
        _d.Tick();
        Assert.That(_d.Screens.Main.Bell.Foreground, Is.EqualTo(Drawing.Theme.Amber));
        _d.Tap(_d.Screens.Main.Bell);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Alarms));
    }

    [Test]
    public void A_steady_banner_allocates_nothing_per_tick()
    {
        Overheat();
        for (int i = 0; i < 50; i++)
        {
            _d.Tick();
        }

        long allocated = 0;
        for (int i = 0; i < 200; i++)
        {
            _d.Time.Advance(TimeSpan.FromMilliseconds(50)); // the manual clock allocates; the renderer must not
            long before = GC.GetAllocatedBytesForCurrentThread();
            _d.Renderer.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Fahrenheit_shows_on_the_main_screen_the_banner_and_the_limits_page()
    {
        _d.Context.TemperatureUnit = TemperatureUnit.Fahrenheit;
        Overheat();
        _d.Tick();
        Assert.That(_d.Screens.Main.MaxTemp.Text.ToString(), Is.EqualTo("88 °F max"), "31 °C");
        Assert.That(_d.Screens.Banner.DetailText.ToString(), Does.StartWith("135 °F"), "57 °C = 134.6 °F");
        _d.Show(ScreenId.Settings);
        _d.Tick();
        Assert.That(_d.Screens.Limits.OverTemperature.ValueText.ToString(), Is.EqualTo("140 °F"), "60 °C");
        Assert.That(_d.Screens.Limits.OverTemperature.Value, Is.EqualTo(60f), "the controller still gets Celsius");
    }

    private static PixelPoint Middle(Core.Display.PixelRect r) => new(r.X + (r.Width / 2), r.Y + (r.Height / 2));

    private readonly record struct PixelPoint(int X, int Y);
}

/// <summary>The words for a battery's protection flags.</summary>
public sealed class BmsProtectionTextTests
{
    [TestCase(0x0002, "over-voltage")]
    [TestCase(0x090A, "over-voltage")]
    [TestCase(0x0010, "under-temperature")]
    [TestCase(0x0100, "charge over-current")]
    [TestCase(0x4000, "flags 0x4000")]
    public void A_protection_value_is_named_by_its_first_known_flag(int flags, string expected)
    {
        Span<char> buffer = stackalloc char[64];
        int n = FbDisplay.Ui.Drawing.AlarmText.FormatValue(buffer, AlarmKind.BmsProtection, flags, TemperatureUnit.Celsius);
        Assert.That(buffer[..n].ToString(), Is.EqualTo(expected));
    }
}
