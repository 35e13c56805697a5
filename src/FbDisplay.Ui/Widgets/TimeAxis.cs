using System.Globalization;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Drawing;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>
/// The time scale under a history chart: faint vertical lines over the plot at round intervals ("10 min", "6 h",
/// "2 d" ago) and their labels in a strip below, "now" at the right. Labels are shaped when the span changes only.
/// Lies over the chart but takes no touches.
/// </summary>
public sealed class TimeAxis : Widget
{
    private static readonly int[] NiceSeconds = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800];
    private const int MaxTicks = 16;
    private readonly TextRun[] _labels = new TextRun[MaxTicks];
    private readonly float[] _x = new float[MaxTicks];
    private readonly TextRun _now = new(Fonts.Regular, Theme.SmallTextSize);
    private readonly SKPaint _line = new() { IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 1f };
    private readonly SKPaint _text = new() { IsAntialias = true };
    private readonly PixelRect _plot;
    private int _count;
    private int _secondsPerBar;
    private int _bars;
    private readonly IFormatProvider _numbers;
    private readonly string _minute;
    private readonly string _hour;
    private readonly string _day;

    /// <summary>
    /// Creates an axis for the plot area <paramref name="plot"/> (where the bars are drawn); labels go in the
    /// <paramref name="labelHeight"/> pixels below it.
    /// </summary>
    public TimeAxis(PixelRect plot, int labelHeight = 24, LocalFormat? format = null)
        : base(new PixelRect(plot.X - 30, plot.Y, plot.Width + 30, plot.Height + labelHeight))
    {
        _plot = plot;
        LocalFormat f = format ?? LocalFormat.English;
        _numbers = f.Numbers;
        _minute = " " + Tx.UnitMinute[f.Language];
        _hour = " " + Tx.UnitHour[f.Language];
        _day = " " + Tx.UnitDay[f.Language];
        for (int i = 0; i < MaxTicks; i++)
        {
            _labels[i] = new TextRun(Fonts.Regular, Theme.SmallTextSize);
        }

        _now.Set(Tx.Now[f.Language]);
        _text.Color = Theme.TextDim;
    }

    /// <summary>Seconds between the vertical lines.</summary>
    public int TickSeconds { get; private set; }

    /// <summary>Number of tick lines drawn (not counting "now").</summary>
    public int TickCount => _count;

    /// <summary>The labels drawn, oldest last (for tests).</summary>
    public string LabelAt(int index) => _labels[index].Text.ToString();

    /// <summary>Sets the span: <paramref name="bars"/> bars of <paramref name="secondsPerBar"/> each, newest at the right.</summary>
    public void SetSpan(int secondsPerBar, int bars)
    {
        if (secondsPerBar == _secondsPerBar && bars == _bars)
        {
            return;
        }

        _secondsPerBar = secondsPerBar;
        _bars = bars;
        long span = (long)secondsPerBar * bars;
        TickSeconds = NiceSeconds[^1];
        foreach (int s in NiceSeconds)
        {
            if (s * 7L >= span)
            {
                TickSeconds = s;
                break;
            }
        }

        _count = 0;
        float pxPerSecond = _plot.Width / (float)span;
        for (long t = TickSeconds; t < span && _count < MaxTicks; t += TickSeconds)
        {
            float x = _plot.Right - (t * pxPerSecond);
            if (x < _plot.X + 10)
            {
                break;
            }

            _x[_count] = MathF.Round(x) + 0.5f;
            Format(_labels[_count], t, TickSeconds);
            _count++;
        }

        Invalidate();
    }

    /// <inheritdoc/>
    public override bool HitTest(int x, int y) => false;

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        _line.Color = Theme.Text.WithAlpha(0x30);
        float labelMid = _plot.Bottom + ((Bounds.Bottom - _plot.Bottom) / 2f);
        for (int i = 0; i < _count; i++)
        {
            float x = _x[i];
            canvas.DrawLine(x, _plot.Y, x, _plot.Bottom, _line);
            TextRun run = _labels[i];
            run.DrawIn(canvas, new SKRect(x - 60f, labelMid - 10f, x + 60f, labelMid + 10f), TextAlign.Center, _text);
        }

        _now.DrawIn(canvas, new SKRect(_plot.Right - 60f, labelMid - 10f, _plot.Right, labelMid + 10f), TextAlign.Right, _text);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (TextRun r in _labels)
            {
                r.Dispose();
            }

            _now.Dispose();
            _line.Dispose();
            _text.Dispose();
        }
    }

    private void Format(TextRun run, long secondsAgo, int tickSeconds)
    {
        Span<char> buf = stackalloc char[24];
        int n;
        string unit;
        if (tickSeconds < 3600)
        {
            ((int)(secondsAgo / 60)).TryFormat(buf[1..], out n, default, CultureInfo.InvariantCulture);
            unit = _minute;
        }
        else if (tickSeconds < 86400)
        {
            (secondsAgo / 3600f).TryFormat(buf[1..], out n, "0.#", _numbers);
            unit = _hour;
        }
        else
        {
            (secondsAgo / 86400f).TryFormat(buf[1..], out n, "0.#", _numbers);
            unit = _day;
        }

        buf[0] = '-';
        unit.AsSpan().CopyTo(buf[(n + 1)..]);
        run.Set(buf[..(n + 1 + unit.Length)]);
    }
}
