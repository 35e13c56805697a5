using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Tests.Support;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Tests;

public class WidgetPixelTests
{
    [Test]
    public void A_label_draws_its_text_inside_its_bounds_and_nowhere_else()
    {
        var bounds = new PixelRect(20, 10, 160, 40);
        using SKBitmap bmp = Render.Widgets(200, 60, new Label(bounds, "48.7 kW", Theme.LargeTextSize, bold: true));

        int inside = Render.CountNonBackground(bmp, bounds, Theme.Background);
        int total = Render.CountNonBackground(bmp, new PixelRect(0, 0, 200, 60), Theme.Background);

        Assert.That(inside, Is.GreaterThan(200), "the embedded font draws text");
        Assert.That(total, Is.EqualTo(inside));
    }

    [Test]
    public void Label_text_is_white_where_it_is_solid()
    {
        var bounds = new PixelRect(0, 0, 120, 60);
        using SKBitmap bmp = Render.Widgets(120, 60, new Label(bounds, "88", Theme.HugeTextSize, bold: true));

        int white = 0;
        for (int y = 0; y < 60; y++)
        {
            for (int x = 0; x < 120; x++)
            {
                white += bmp.GetPixel(x, y) == SKColors.White ? 1 : 0;
            }
        }

        Assert.That(white, Is.GreaterThan(100));
    }

    [Test]
    public void Label_SetNumber_formats_invariantly_and_reports_changes_only()
    {
        using var label = new Label(new PixelRect(0, 0, 100, 30));

        Assert.That(label.SetNumber(-1.25f, "0.0", " kW"), Is.True);
        Assert.That(label.Text.ToString(), Is.EqualTo("-1.3 kW").Or.EqualTo("-1.2 kW"));
        Assert.That(label.SetNumber(-1.25f, "0.0", " kW"), Is.False);
        label.SetNumber(-0.01f, "0.0");
        Assert.That(label.Text.ToString(), Is.EqualTo("0.0"), "no negative zero");
        label.SetNumber(float.NaN, "0.0", " V");
        Assert.That(label.Text.ToString(), Is.EqualTo("-- V"));
    }

    [Test]
    public void Setting_the_same_number_again_allocates_nothing()
    {
        using var label = new Label(new PixelRect(0, 0, 100, 30));
        label.SetNumber(3.456f, "0.000", " V");

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            label.SetNumber(3.456f, "0.000", " V");
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [TestCase(0f, 0)]
    [TestCase(50f, 46)]
    [TestCase(100f, 92)]
    [TestCase(25f, 23)]
    [TestCase(150f, 92)]
    public void A_bar_graph_bar_is_as_tall_as_its_value(float value, int expectedHeight)
    {
        // 100 px tall, 4 px padding: 92 px of scale for 0..100.
        var graph = new BarGraph(new PixelRect(0, 0, 120, 100), 0f, 100f) { ShowPanel = false, GroupSize = 0 };
        graph.SetValues([10f, value, 10f]);
        int x = graph.ColumnRect(1).X + (graph.ColumnRect(1).Width / 2);
        using SKBitmap bmp = Render.Widgets(120, 100, graph);

        int coloured = 0;
        for (int y = 0; y < 100; y++)
        {
            coloured += bmp.GetPixel(x, y) == Theme.Charge ? 1 : 0;
        }

        Assert.That(graph.BarHeight(value), Is.EqualTo(expectedHeight));
        Assert.That(coloured, Is.EqualTo(expectedHeight));
    }

    [Test]
    public void Bar_graph_colours_follow_the_thresholds()
    {
        var graph = new BarGraph(new PixelRect(0, 0, 120, 100), 2.5f, 4.5f) { ShowPanel = false, GroupSize = 0 };
        graph.LowThreshold = 3.0f;
        graph.HighThreshold = 4.1f;
        graph.SetValues([2.9f, 3.5f, 4.2f]);
        using SKBitmap bmp = Render.Widgets(120, 100, graph);

        SKColor At(int i) => bmp.GetPixel(graph.ColumnRect(i).X + 2, 95);
        Assert.That((At(0), At(1), At(2)), Is.EqualTo((Theme.Discharge, Theme.Charge, Theme.Amber)));
    }

    [Test]
    public void Cell_bars_are_grouped_by_module_with_a_wider_gap()
    {
        var graph = new BarGraph(new PixelRect(0, 0, 400, 100), 0f, 1f) { GroupSize = 6 };
        graph.SetValues(new float[12]);

        int inGroup = graph.ColumnRect(1).X - graph.ColumnRect(0).Right;
        int betweenGroups = graph.ColumnRect(6).X - graph.ColumnRect(5).Right;

        Assert.That(betweenGroups, Is.GreaterThan(inGroup));
    }

    [Test]
    public void A_dial_fills_from_its_origin_to_its_value()
    {
        var dial = new ArcDial(new PixelRect(0, 0, 200, 200), -10f, 10f, startAngle: -90f, sweepAngle: 180f)
        {
            Origin = 0f, PositiveColor = Theme.Charge, NegativeColor = Theme.Discharge, Thickness = 20f,
        };
        dial.Value = 5f;
        using SKBitmap bmp = Render.Widgets(200, 200, dial);

        // Centre (100,100), band radius 100 - 10 - 4 = 86: 0 is at three o'clock, +5 is 45 degrees below, -5 45 above.
        SKColor Sample(float degrees)
        {
            float a = degrees * MathF.PI / 180f;
            return bmp.GetPixel((int)(100 + (86 * MathF.Cos(a))), (int)(100 + (86 * MathF.Sin(a))));
        }

        Assert.That(Sample(20f), Is.EqualTo(Theme.Charge));
        Assert.That(Sample(-20f), Is.EqualTo(Theme.Track));
        Assert.That(Sample(70f), Is.EqualTo(Theme.Track));
    }

    [Test]
    public void A_dial_moved_through_many_values_shows_what_a_new_dial_at_the_last_value_shows()
    {
        static ArcDial Dial() => new(new PixelRect(0, 0, 200, 200), -10f, 10f, startAngle: -90f, sweepAngle: 180f)
        {
            Origin = 0f, PositiveColor = Theme.Charge, NegativeColor = Theme.Discharge, Thickness = 20f,
        };

        // Each draw brings the dial's view up to the value through the band between the two: across the origin, to
        // nothing and back, to both ends.
        using var screen = new Screen(200, 200);
        ArcDial moved = screen.Add(Dial());
        using var bmp = new SKBitmap(new SKImageInfo(200, 200, SKColorType.Bgra8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bmp);
        foreach (float v in (float[])[5f, -3f, float.NaN, 7.5f, 7.6f, -10f, 10f, 0f, 2f])
        {
            moved.Value = v;
            screen.Draw(canvas, screen.Bounds);
        }

        ArcDial fresh = Dial();
        fresh.Value = 2f;
        using SKBitmap expected = Render.Widgets(200, 200, fresh);

        // The value's end is anti-aliased under the band's clip rather than the whole dial's: a few levels, no more.
        int differing = 0, worst = 0;
        for (int y = 0; y < 200; y++)
        {
            for (int x = 0; x < 200; x++)
            {
                SKColor a = bmp.GetPixel(x, y), b = expected.GetPixel(x, y);
                int d = Math.Max(Math.Max(Math.Abs(a.Red - b.Red), Math.Abs(a.Green - b.Green)), Math.Abs(a.Blue - b.Blue));
                differing += d > 0 ? 1 : 0;
                worst = Math.Max(worst, d);
            }
        }

        TestContext.Out.WriteLine($"{differing} pixels differ, worst by {worst}");
        Assert.That(worst, Is.LessThanOrEqualTo(16));
        Assert.That(differing, Is.LessThan(40));
    }

    [Test]
    public void Icons_draw_inside_their_box()
    {
        foreach (IconKind kind in Enum.GetValues<IconKind>())
        {
            if (kind == IconKind.None)
            {
                continue;
            }

            var box = new PixelRect(10, 10, 40, 40);
            using SKBitmap bmp = Render.Widgets(60, 60, new IconView(box, kind));

            int inside = Render.CountNonBackground(bmp, box, Theme.Background);
            int total = Render.CountNonBackground(bmp, new PixelRect(0, 0, 60, 60), Theme.Background);
            Assert.That(inside, Is.GreaterThan(40), kind.ToString());
            Assert.That(total, Is.EqualTo(inside), kind.ToString());
        }
    }
}

public class ToastFitTests
{
    private static readonly PixelRect Strip = new(16, 426, 768, 48);

    [TestCase("Saved 1 setting.", false)]
    [TestCase("Copied PowerSafe100.log (0.0 MB) to BATTERY. You can remove the drive.", false)]
    [TestCase("The BATTERY drive was pulled out or failed during the copy: PowerSafe100.log on it is the older copy, if any. Plug it in and copy again.", true)]
    public void A_message_of_any_length_is_shown_whole_smaller_or_on_two_lines(string message, bool twoLines)
    {
        using var toast = new Toast(Strip, TimeProvider.System);
        toast.Show(message, ToastKind.Error);
        var overflows = new List<TextOverflow>();
        toast.FindOverflows(overflows);
        Assert.That(overflows, Is.Empty, string.Join("; ", overflows));
        Assert.That(toast.IsTwoLines, Is.EqualTo(twoLines));
        Assert.That(toast.Text.ToString(), Is.EqualTo(message), "the whole message");

        using SKBitmap bmp = Render.Widgets(800, 480, toast);
        string? dir = Environment.GetEnvironmentVariable("FBD_TOAST_SHOTS");
        if (!string.IsNullOrEmpty(dir))
        {
            using var png = File.Create(Path.Combine(dir, $"toast-{message.Length}.png"));
            bmp.Encode(png, SKEncodedImageFormat.Png, 100);
        }

        // Text reaches neither the strip's right edge nor outside it.
        Assert.That(Render.CountNonBackground(bmp, new PixelRect(772, 434, 8, 32), Theme.ButtonFace), Is.Zero, "nothing drawn at the strip's right end");
    }
}
