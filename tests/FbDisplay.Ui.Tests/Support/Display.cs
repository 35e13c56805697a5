using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Display;
using FbDisplay.Core.History;
using FbDisplay.Core.Input;
using FbDisplay.Core.Text;
using FbDisplay.TestSupport;
using FbDisplay.Ui.Rendering;
using FbDisplay.Ui.Screens;
using SkiaSharp;

namespace FbDisplay.Ui.Tests.Support;

/// <summary>
/// The whole display in a test: a battery model fed through the real decoder from encoded frames, the history rings,
/// every screen (<see cref="ScreenSet"/>), a renderer into memory, a manual clock, and fingers (<see cref="Tap"/>).
/// </summary>
internal sealed class Display : IDisposable
{
    /// <summary>The manual's log snippet starts here (19:19:41 on 27 August 2018).</summary>
    public static readonly DateTimeOffset Start = new(2018, 8, 27, 19, 19, 41, TimeSpan.Zero);

    public Display(DisplayLanguage language = DisplayLanguage.English)
    {
        Time = new ManualTimeProvider(Start);
        Decoder = new BatteryDecoder(new BatteryState(), new FrameCounters());
        Context = new DisplayContext(Decoder.State, new BarHistory(), new BarHistory(), Time)
        {
            Address = "192.168.1.50",
            Language = language,
        };
        if (language != DisplayLanguage.English)
        {
            Backend.Values[FbDisplay.Settings.Catalog.Display.Language.Key] = DisplayLanguages.Code(language); // as the app would have read it
        }

        Alarms = new AlarmMonitor(Time, new AlarmSettings());
        Context.Alarms = Alarms;
        Screens = new ScreenSet(Context, Backend, Network);
        Output = new MemoryDisplayOutput();
        Renderer = new UiRenderer(Output, Time) { Overlay = Screens.Banner };
        Context.Navigate = Show;
        Show(ScreenId.Main);
    }

    public ManualTimeProvider Time { get; }

    public BatteryDecoder Decoder { get; }

    public BatteryState State => Decoder.State;

    public DisplayContext Context { get; }

    public AlarmMonitor Alarms { get; }

    public FakeSettingsBackend Backend { get; } = new();

    public FakeNetworkManager Network { get; } = new();

    public ScreenSet Screens { get; }

    public MemoryDisplayOutput Output { get; }

    public UiRenderer Renderer { get; }

    public ScreenId Current { get; private set; }

    public Screen ActiveScreen => Screens[Current];

    public void Show(ScreenId id)
    {
        Current = id;
        Renderer.Show(Screens[id]);
    }

    public void Apply(CanFrame frame) =>
        Assert.That(Decoder.Apply(frame, Time.GetTimestamp()), Is.EqualTo(FrameRejectReason.None));

    /// <summary>Pack, SOC, cell summary and cutoffs, and every module's cells (0x150, 0x650, 0x651, 0x652, 0x68F).</summary>
    public void ApplyPack(float amps, float volts, float soc, int modules, Func<int, float> cellVolts, float ampHours = -141.5f, int maxTemp = 36, int minTemp = 31)
    {
        Apply(BatteryFrameEncoder.Pack(amps, volts, ampHours, maxTemp, minTemp));
        Apply(BatteryFrameEncoder.Soc(soc));
        Apply(BatteryFrameEncoder.Cutoffs(4.20f, 3.20f));
        ApplyCells(modules, cellVolts);
        float lo = float.MaxValue, hi = 0, sum = 0;
        for (int i = 0; i < modules * 6; i++)
        {
            float v = MathF.Round(cellVolts(i), 2);
            lo = MathF.Min(lo, v);
            hi = MathF.Max(hi, v);
            sum += v;
        }

        Apply(BatteryFrameEncoder.CellSummary(lo, hi, sum / (modules * 6)));
    }

    public void ApplyCells(int modules, Func<int, float> cellVolts, Func<int, bool>? include = null)
    {
        Span<float> six = stackalloc float[6];
        for (int m = 0; m < modules; m++)
        {
            if (include is not null && !include(m))
            {
                continue;
            }

            for (int i = 0; i < 6; i++)
            {
                six[i] = cellVolts((m * 6) + i);
            }

            Apply(BatteryFrameEncoder.Cells(m, modules, six));
        }
    }

    /// <summary>
    /// Four and a half days of per-second history ending now: a solar day (charging from 08:00 with passing clouds,
    /// evening loads, a kettle now and then) and the SOC of a 28 kWh pack that follows it, ending at
    /// <paramref name="socNow"/> and, over the last minutes, at <paramref name="wattsNow"/>.
    /// </summary>
    public void FillHistory(float socNow, float wattsNow, double days = 4.5)
    {
        long now = Time.GetUtcNow().ToUnixTimeSeconds();
        long from = now - (long)(days * 86400);
        int n = (int)(now - from + 1);
        var watts = new float[n];
        double mean = 0;
        for (int i = 0; i < n; i++)
        {
            long t = from + i;
            float w = PowerAt(t);
            long left = now - t;
            if (left < 900)
            {
                w += (wattsNow - w) * (1f - (left / 900f)); // ease into the live value
            }

            watts[i] = w;
            mean += w / n;
        }

        // Energy in minus the average (so days do not drift), scaled so the curve ends at socNow and stays in 5-100 %.
        var level = new double[n];
        double sum = 0, above = 0, below = 0;
        for (int i = 0; i < n; i++)
        {
            sum += watts[i] - mean;
            level[i] = sum;
        }

        for (int i = 0; i < n; i++)
        {
            above = Math.Max(above, level[i] - level[^1]);
            below = Math.Max(below, level[^1] - level[i]);
        }

        double k = Math.Min((100 - socNow) / Math.Max(1, above), (socNow - 5) / Math.Max(1, below));
        for (int i = 0; i < n; i++)
        {
            Context.PowerHistory.Append(from + i, watts[i]);
            Context.SocHistory.Append(from + i, (float)(Math.Round((socNow + (k * (level[i] - level[^1]))) * 2) / 2));
        }
    }

    public static float PowerAt(long unixSecond)
    {
        double hour = (unixSecond % 86400) / 3600.0;
        double day = Math.Floor(unixSecond / 86400.0);
        double sun = Math.Max(0, Math.Sin((hour - 7.0) / 12.0 * Math.PI));
        double clouds = 0.75 + (0.25 * Math.Sin(unixSecond / 517.0)) * Math.Sin(unixSecond / 89.0 + day);
        double solar = 6500 * sun * clouds * (0.85 + (0.15 * Math.Sin(day)));
        double load = 650 + (350 * Math.Sin(unixSecond / 1300.0));
        if (hour is > 18 and < 21.5)
        {
            load += 1400; // cooking and evening
        }

        if ((unixSecond / 60) % 97 < 4)
        {
            load += 2200; // a kettle, now and then
        }

        return (float)(solar - load);
    }

    /// <summary>Runs one frame; the clock moves 50 ms first, as between real ticks.</summary>
    public void Tick()
    {
        Time.Advance(TimeSpan.FromMilliseconds(50));
        Renderer.Tick();
    }

    /// <summary>A finger down and up at (x, y), then a frame.</summary>
    public void Tap(int x, int y)
    {
        Renderer.OnTouch(new TouchEvent(TouchAction.Down, x, y, Time.GetTimestamp()));
        Time.Advance(TimeSpan.FromMilliseconds(80));
        Renderer.OnTouch(new TouchEvent(TouchAction.Up, x, y, Time.GetTimestamp()));
        Tick();
    }

    /// <summary>Taps the middle of <paramref name="widget"/>.</summary>
    public void Tap(Widget widget)
    {
        Assert.That(widget.Screen, Is.SameAs(ActiveScreen), "the widget is not on the screen shown");
        PixelRect b = widget.Bounds;
        Tap(b.X + (b.Width / 2), b.Y + (b.Height / 2));
    }

    /// <summary>Drags from one point to another in a few moves.</summary>
    public void Drag(int x0, int y0, int x1, int y1)
    {
        Renderer.OnTouch(new TouchEvent(TouchAction.Down, x0, y0, Time.GetTimestamp()));
        for (int i = 1; i <= 4; i++)
        {
            Time.Advance(TimeSpan.FromMilliseconds(30));
            Renderer.OnTouch(new TouchEvent(TouchAction.Move, x0 + ((x1 - x0) * i / 4), y0 + ((y1 - y0) * i / 4), Time.GetTimestamp()));
        }

        Renderer.OnTouch(new TouchEvent(TouchAction.Up, x1, y1, Time.GetTimestamp()));
        Tick();
    }

    /// <summary>What the display shows now, after a frame.</summary>
    public SKBitmap Picture()
    {
        Renderer.Tick();
        using SKData png = SKData.CreateCopy(Output.ToPng());
        return SKBitmap.Decode(png);
    }

    public void Dispose()
    {
        Renderer.Dispose();
        Screens.Dispose();
        Output.Dispose();
    }
}
