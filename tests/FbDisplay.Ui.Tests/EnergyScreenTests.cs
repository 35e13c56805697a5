using FbDisplay.Core.Energy;
using FbDisplay.Ui.Screens;
using FbDisplay.Ui.Tests.Support;

namespace FbDisplay.Ui.Tests;

/// <summary>The energy screen one tap from the main screen, and the time to full or empty under the SOC.</summary>
[Category("Screens")]
public sealed class EnergyScreenTests
{
    private Display _d = null!;

    [SetUp]
    public void SetUp() => _d = new Display();

    [TearDown]
    public void TearDown() => _d.Dispose();

    private void Counted()
    {
        _d.Context.Energy = new EnergyTotals(new DateOnly(2018, 8, 27), 12_430, 3_180, 18_905, 16_220, 4_312_800, 4_108_450, Display.Start.ToUnixTimeSeconds());
        _d.Context.CapacityAmpHours = 232;
        _d.Context.Estimate = BatteryEstimate.Compute(87.5f, 232, 95f); // 29 Ah to go at 95 A: 18.3 min
    }

    [Test]
    public void Tapping_the_pack_panel_opens_the_energy_screen_with_today_yesterday_and_total()
    {
        _d.FillHistory(87.5f, 4645f);
        ScreenGoldenTests.Charging(_d);
        Counted();
        PixelRectCentre(MainScreen.PackArea, out int x, out int y);
        _d.Tap(x, y);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Energy));
        _d.Tick();
        EnergyScreen screen = _d.Screens.Energy;
        Assert.That(screen.Charged[0].Text.ToString(), Is.EqualTo("12.43 kWh"));
        Assert.That(screen.Discharged[1].Text.ToString(), Is.EqualTo("16.22 kWh"));
        Assert.That(screen.Charged[2].Text.ToString(), Is.EqualTo("4312.8 kWh"));
        Assert.That(screen.Estimate.Text.ToString(), Is.EqualTo("Full in 19 min"));
        Shots.Check(_d.Picture(), "energy");

        _d.Tap(400, 250);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Main), "a tap returns");
    }

    [Test]
    public void The_main_screen_shows_the_time_to_full_under_the_soc_and_nothing_when_resting()
    {
        ScreenGoldenTests.Charging(_d);
        Counted();
        _d.Tick();
        Assert.That(_d.Screens.Main.Estimate.Text.ToString(), Is.EqualTo("Full in 19 min"));
        _d.Context.Estimate = BatteryEstimate.Compute(40f, 232, -10f);
        _d.Tick();
        Assert.That(_d.Screens.Main.Estimate.Text.ToString(), Is.EqualTo("Empty in 9 h 17 min"), "92.8 Ah at 10 A");
        _d.Context.Estimate = BatteryEstimate.Compute(40f, 232, 0.1f);
        _d.Tick();
        Assert.That(_d.Screens.Main.Estimate.Text.ToString(), Is.Empty);
    }

    [Test]
    public void Without_a_capacity_the_energy_screen_says_where_to_set_it()
    {
        ScreenGoldenTests.Charging(_d);
        _d.Show(ScreenId.Energy);
        _d.Tick();
        Assert.That(_d.Screens.Energy.Charged[0].Text.ToString(), Is.EqualTo("--"), "nothing counted yet");
        Assert.That(_d.Screens.Energy.EstimateBasis.Text.ToString(), Does.Contain("PACK CAPACITY"));
    }

    private static void PixelRectCentre(Core.Display.PixelRect r, out int x, out int y)
    {
        x = r.X + (r.Width / 2);
        y = r.Y + (r.Height / 2);
    }
}
