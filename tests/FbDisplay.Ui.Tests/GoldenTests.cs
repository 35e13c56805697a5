using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Tests.Support;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Tests;

/// <summary>Pixel-exact (within a small tolerance) pictures, pinned to SkiaSharp 3.119.4. See Support/Golden.cs.</summary>
public class GoldenTests
{
    [Test]
    public void The_main_dashboard_looks_as_designed()
    {
        using var screen = new SampleDashboard();
        screen.Update(0);
        using SKBitmap bmp = Render.Screen(screen);

        Golden.AssertMatches(bmp, "dashboard");
    }

    [Test]
    public void The_power_dial_shows_charge_in_green_below_the_zero()
    {
        using var screen = new SampleDashboard { AmpsValue = 120f, AverageCellVolts = 3.95f, SocPercent = 87f };
        screen.Update(0);
        using SKBitmap bmp = Render.Screen(screen);

        Golden.AssertMatches(bmp, "dashboard_charging");
    }

    [Test]
    public void Buttons_toggles_and_sliders_look_as_designed()
    {
        var pressed = new Button(new PixelRect(180, 10, 150, 52), "SAVE", IconKind.Check);
        pressed.OnGesture(new Gesture(GestureKind.Down, 200, 30, 200, 30, 0));
        var disabled = new Button(new PixelRect(340, 10, 150, 52), "UPDATE") { Enabled = false };
        var slider = new Slider(new PixelRect(10, 140, 480, 48), 2.5f, 4.5f, 0.01f, "0.00", " V") { Value = 3.65f };
        var choice = new SegmentedChoice(new PixelRect(10, 80, 480, 48), "OFF", "SENDER", "RECEIVER") { SelectedIndex = 1 };
        using SKBitmap bmp = Render.Widgets(
            500,
            260,
            new Button(new PixelRect(10, 10, 160, 52), "RESET LOG"),
            pressed,
            disabled,
            choice,
            slider,
            new Button(new PixelRect(10, 200, 52, 52), icon: IconKind.ArrowLeft),
            new Button(new PixelRect(72, 200, 52, 52), icon: IconKind.ArrowRight),
            new Button(new PixelRect(134, 200, 52, 52), icon: IconKind.Close),
            new Button(new PixelRect(196, 200, 52, 52), icon: IconKind.Gear) { Flat = true },
            new Button(new PixelRect(258, 200, 52, 52), icon: IconKind.ArrowUp),
            new Button(new PixelRect(320, 200, 52, 52), icon: IconKind.ArrowDown),
            new IconView(new PixelRect(392, 208, 90, 36), IconKind.Battery) { Level = 0.6f });

        Golden.AssertMatches(bmp, "controls");
    }

    [Test]
    public void A_full_pack_of_240_cells_fits_the_cell_screen()
    {
        var graph = new BarGraph(new PixelRect(10, 10, 780, 300), 2.8f, 4.3f) { LowThreshold = 3.1f, HighThreshold = 4.1f };
        var values = new float[240];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = 3.3f + (0.25f * (i % 6) / 6f) + (0.05f * MathF.Sin(i * 0.31f));
        }

        values[100] = 3.0f;
        values[101] = 4.2f;
        graph.SetValues(values);
        graph.ReferenceValue = 3.45f;
        using SKBitmap bmp = Render.Widgets(800, 320, graph);

        Golden.AssertMatches(bmp, "widget_cells_240");
    }

    [Test]
    public void The_soc_log_draws_a_line_with_a_soft_fill()
    {
        var chart = new ColumnChart(new PixelRect(10, 10, 780, 300), 0f, 100f, capacity: 720, style: ChartStyle.Line);
        var soc = new float[720];
        for (int i = 0; i < soc.Length; i++)
        {
            soc[i] = 50f + (35f * MathF.Sin(i / 720f * 4f * MathF.PI));
        }

        for (int i = 300; i < 320; i++)
        {
            soc[i] = float.NaN; // a gap where the display was off
        }

        chart.SetValues(soc);
        using SKBitmap bmp = Render.Widgets(800, 320, chart);

        Golden.AssertMatches(bmp, "soc_log");
    }
}
