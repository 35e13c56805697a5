using FbDisplay.Core.Display;
using FbDisplay.Core.Input;
using FbDisplay.TestSupport;
using FbDisplay.Ui.Rendering;
using FbDisplay.Ui.Tests.Support;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Tests;

public class RendererTests
{
    private ManualTimeProvider _time = null!;
    private MemoryDisplayOutput _output = null!;
    private UiRenderer _renderer = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider();
        _output = new MemoryDisplayOutput(800, 480);
        _renderer = new UiRenderer(_output, _time);
    }

    [TearDown]
    public void TearDown()
    {
        _renderer.ActiveScreen?.Dispose();
        _renderer.Dispose();
        _output.Dispose();
    }

    [Test]
    public void Showing_a_screen_draws_and_flushes_the_whole_screen_once()
    {
        _renderer.Show(new SampleDashboard());

        Assert.That(_renderer.Tick(), Is.True);
        Assert.That(_output.FlushCount, Is.EqualTo(1));
        Assert.That(_output.LastFlushRects.ToArray(), Is.EqualTo(new[] { new PixelRect(0, 0, 800, 480) }));
        Assert.That(_renderer.PixelsRendered, Is.EqualTo(800 * 480));
    }

    [Test]
    public void A_tick_with_no_change_draws_nothing_and_flushes_nothing()
    {
        _renderer.Show(new SampleDashboard());
        _renderer.Tick();

        Assert.That(_renderer.Tick(), Is.False);
        Assert.That(_renderer.Tick(), Is.False);
        Assert.That(_output.FlushCount, Is.EqualTo(1));
        Assert.That(_renderer.FramesRendered, Is.EqualTo(1));
    }

    [Test]
    public void Changing_one_label_redraws_exactly_that_label()
    {
        using var screen = new Screen(800, 480);
        var label = screen.Add(new Label(new PixelRect(100, 100, 200, 40), "12.5 %"));
        screen.Add(new Label(new PixelRect(100, 300, 200, 40), "other"));
        _renderer.Show(screen);
        _renderer.Tick();

        label.SetText("12.6 %");
        _renderer.Tick();

        Assert.That(_output.LastFlushRects.ToArray(), Is.EqualTo(new[] { new PixelRect(100, 100, 200, 40) }));
        Assert.That(_renderer.LastFrameRects.ToArray(), Is.EqualTo(new[] { new PixelRect(100, 100, 200, 40) }));
    }

    [Test]
    public void Setting_the_same_text_again_redraws_nothing()
    {
        using var screen = new Screen(800, 480);
        var label = screen.Add(new Label(new PixelRect(100, 100, 200, 40), "12.5 %"));
        _renderer.Show(screen);
        _renderer.Tick();

        label.SetText("12.5 %");
        label.SetNumber(12.5f, "0.0", " %");

        Assert.That(_renderer.Tick(), Is.False);
        Assert.That(_output.FlushCount, Is.EqualTo(1));
    }

    [Test]
    public void Two_changed_labels_far_apart_are_two_rects_and_two_overlapping_ones_merge()
    {
        using var screen = new Screen(800, 480);
        var a = screen.Add(new Label(new PixelRect(10, 10, 100, 30), "a"));
        var b = screen.Add(new Label(new PixelRect(600, 400, 100, 30), "b"));
        var c = screen.Add(new Label(new PixelRect(60, 15, 100, 30), "c"));
        _renderer.Show(screen);
        _renderer.Tick();

        a.SetText("A");
        b.SetText("B");
        _renderer.Tick();
        Assert.That(_output.LastFlushRects.ToArray(), Is.EqualTo(new[] { new PixelRect(10, 10, 100, 30), new PixelRect(600, 400, 100, 30) }));

        a.SetText("a");
        c.SetText("C");
        _renderer.Tick();
        Assert.That(_output.LastFlushRects.ToArray(), Is.EqualTo(new[] { new PixelRect(10, 10, 150, 35) }));
    }

    [Test]
    public void A_typical_change_redraws_only_the_amps_label_and_the_band_of_the_dial_that_moved()
    {
        var screen = new SampleDashboard();
        _renderer.Show(screen);
        _renderer.Tick();

        // -34 A to -36 A at 41.1 V: amps text, kW text, the power arc near zero, and nothing else.
        screen.AmpsValue = -36f;
        _renderer.Tick();
        PixelRect[] rects = _output.LastFlushRects.ToArray();

        Assert.That(rects, Has.Member(screen.Amps.Bounds));
        Assert.That(rects, Has.Member(screen.Kilowatts.Bounds));
        Assert.That(rects, Has.Length.EqualTo(3));
        PixelRect band = rects.Single(r => r != screen.Amps.Bounds && r != screen.Kilowatts.Bounds);
        Assert.That(screen.Power.Bounds.Contains(band), Is.True, band.ToString());
        Assert.That(band.Area, Is.LessThan(60 * 60), "only the arc's end moved");
        Assert.That(_renderer.PixelsRendered - (800 * 480), Is.LessThan(800 * 480 / 10));
    }

    [Test]
    public void Partial_redraws_miss_nothing_a_full_redraw_would_change()
    {
        var screen = new SampleDashboard();
        _renderer.Show(screen);
        _renderer.Tick();
        screen.AmpsValue = 80f;
        screen.SocPercent = 54f;
        screen.CellVolts[40] = 3.2f;
        screen.AverageCellVolts = 3.61f;
        _renderer.Tick();
        PixelRect[] redrawn = _output.LastFlushRects.ToArray();
        byte[] partial = _output.Pixels.ToArray();

        _renderer.Dirty.InvalidateAll();
        _renderer.Tick();

        // Outside the redrawn rectangles nothing may differ (a missed invalidation). Inside, Skia may anti-alias a
        // clip edge (the dial's value end) a few levels differently under a different clip: not a seam.
        var stale = new List<(int X, int Y)>();
        int worstInside = 0;
        ReadOnlySpan<byte> full = _output.Pixels;
        for (int i = 0; i < partial.Length; i += 4)
        {
            int d = Math.Max(Math.Max(Math.Abs(full[i] - partial[i]), Math.Abs(full[i + 1] - partial[i + 1])), Math.Abs(full[i + 2] - partial[i + 2]));
            if (d == 0)
            {
                continue;
            }

            int x = i / 4 % 800, y = i / 4 / 800;
            if (redrawn.Any(r => r.Contains(x, y)))
            {
                worstInside = Math.Max(worstInside, d);
            }
            else
            {
                stale.Add((x, y));
            }
        }

        Assert.That(stale, Is.Empty);
        Assert.That(worstInside, Is.LessThanOrEqualTo(16));
    }

    [Test]
    public void A_steady_state_tick_with_no_change_allocates_nothing()
    {
        var screen = new SampleDashboard();
        _renderer.Show(screen);

        // A warm-up long enough for the runtime's tiering to settle (its delay is 100 ms of real time without new
        // tier-0 work): once, in a cold CI run on a loaded machine, the window after only five ticks saw 6 KB that no
        // later run showed: one-time work, not the ticks'.
        for (int i = 0; i < 500; i++)
        {
            _renderer.Tick();
            _time.Advance(TimeSpan.FromMilliseconds(100));
            if (i == 250)
            {
                using var settle = new ManualResetEventSlim();
                settle.Wait(300); // real time for the tier-1 compiles
            }
        }

        // Only the ticks are measured: the test clock's Advance allocates.
        long allocated = 0;
        for (int i = 0; i < 1000; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            _renderer.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            _time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.That(allocated, Is.Zero);
        Assert.That(_output.FlushCount, Is.EqualTo(1));
    }

    [Test]
    public void A_tick_with_a_typical_change_allocates_nothing_once_its_characters_were_seen()
    {
        var screen = new SampleDashboard();
        _renderer.Show(screen);

        // Warm up: every digit has been drawn once, so the shared glyph caches hold them.
        for (int i = 0; i < 20; i++)
        {
            screen.AmpsValue = -30f - i;
            screen.SocPercent = 10f + (i * 0.5f);
            _renderer.Tick();
        }

        // A typical data tick: amps, kW, dial and SOC change.
        long allocated = 0;
        for (int i = 0; i < 200; i++)
        {
            screen.AmpsValue = -30f - (i % 20);
            screen.SocPercent = 10f + ((i % 20) * 0.5f);
            long before = GC.GetAllocatedBytesForCurrentThread();
            _renderer.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        TestContext.Out.WriteLine($"{allocated} bytes over 200 changing ticks");
        Assert.That(allocated, Is.Zero);
        Assert.That(_renderer.FramesRendered, Is.GreaterThanOrEqualTo(200));
    }

    [Test]
    public void Switching_screens_redraws_the_full_screen()
    {
        using var first = new Screen(800, 480);
        var second = new Screen(800, 480) { Background = SKColors.DarkSlateGray };
        _renderer.Show(first);
        _renderer.Tick();

        _renderer.Show(second);
        _renderer.Tick();

        Assert.That(_output.LastFlushRects.ToArray(), Is.EqualTo(new[] { new PixelRect(0, 0, 800, 480) }));
        Assert.That(_output.GetPixel(400, 240), Is.EqualTo(SKColors.DarkSlateGray));
        Assert.That(first.IsActive, Is.False);
    }

    [Test]
    public void A_hidden_screen_ignores_invalidations()
    {
        using var shown = new Screen(800, 480);
        using var hidden = new Screen(800, 480);
        var label = hidden.Add(new Label(new PixelRect(0, 0, 100, 30), "x"));
        _renderer.Show(shown);
        _renderer.Tick();

        label.SetText("y");

        Assert.That(_renderer.Tick(), Is.False);
    }

    [Test]
    public void The_screenshot_is_a_png_of_what_was_drawn()
    {
        _renderer.Show(new SampleDashboard());
        _renderer.Tick();

        using SKBitmap png = SKBitmap.Decode(_renderer.ScreenshotPng());

        Assert.That((png.Width, png.Height), Is.EqualTo((800, 480)));
        Assert.That(png.GetPixel(5, 470), Is.EqualTo(_output.GetPixel(5, 470)));
        Assert.That(png.GetPixel(700, 30), Is.EqualTo(_output.GetPixel(700, 30)));
    }

    [Test]
    public void A_tap_on_a_button_clicks_it_and_redraws_its_pressed_state()
    {
        var screen = new SampleDashboard();
        int clicks = 0;
        screen.Gear.Clicked += (_, _) => clicks++;
        _renderer.Show(screen);
        _renderer.Tick();

        _renderer.OnTouch(new TouchEvent(TouchAction.Down, 770, 28, _time.GetTimestamp()));
        Assert.That(screen.Gear.IsPressed, Is.True);
        _renderer.Tick();
        Assert.That(_output.LastFlushRects.ToArray(), Is.EqualTo(new[] { screen.Gear.Bounds }));

        _time.Advance(TimeSpan.FromMilliseconds(80));
        _renderer.OnTouch(new TouchEvent(TouchAction.Up, 771, 29, _time.GetTimestamp()));

        Assert.That(clicks, Is.EqualTo(1));
        Assert.That(screen.Gear.IsPressed, Is.False);
    }

    [Test]
    public void A_long_press_is_detected_on_tick()
    {
        using var screen = new Screen(800, 480);
        var button = screen.Add(new Button(new PixelRect(100, 100, 100, 50), "HOLD"));
        int longPresses = 0;
        button.LongPressed += (_, _) => longPresses++;
        _renderer.Show(screen);

        _renderer.OnTouch(new TouchEvent(TouchAction.Down, 150, 120, _time.GetTimestamp()));
        _time.Advance(TimeSpan.FromMilliseconds(750));
        _renderer.Tick();
        _renderer.Tick();

        Assert.That(longPresses, Is.EqualTo(1));
    }

    [Test]
    public void Dragging_a_slider_changes_its_value_and_a_tap_elsewhere_does_not()
    {
        using var screen = new Screen(800, 480);
        var slider = screen.Add(new Slider(new PixelRect(100, 200, 500, 50), 0f, 100f, 1f) { ValueWidth = 0 });
        int changes = 0;
        slider.ValueChanged += (_, _) => changes++;
        _renderer.Show(screen);
        _renderer.Tick();

        long t = _time.GetTimestamp();
        _renderer.OnTouch(new TouchEvent(TouchAction.Down, 110, 225, t));
        _renderer.OnTouch(new TouchEvent(TouchAction.Move, 300, 230, t));
        _renderer.OnTouch(new TouchEvent(TouchAction.Move, 350, 240, t));
        Assert.That(slider.IsDragging, Is.True);
        _renderer.OnTouch(new TouchEvent(TouchAction.Up, 350, 240, t));

        Assert.That(slider.Value, Is.EqualTo(50f).Within(1f));
        Assert.That(slider.IsDragging, Is.False);
        Assert.That(changes, Is.EqualTo(2));

        _renderer.OnTouch(new TouchEvent(TouchAction.Down, 700, 400, t));
        _renderer.OnTouch(new TouchEvent(TouchAction.Up, 700, 400, t));
        Assert.That(slider.Value, Is.EqualTo(50f).Within(1f));
    }

    [Test]
    public void Changing_one_cell_redraws_only_that_cells_column()
    {
        var screen = new SampleDashboard();
        _renderer.Show(screen);
        _renderer.Tick();

        screen.CellVolts[40] = 3.9f;
        _renderer.Tick();

        Assert.That(_output.LastFlushRects.ToArray(), Is.EqualTo(new[] { screen.Cells.ColumnRect(40) }));
    }
}
