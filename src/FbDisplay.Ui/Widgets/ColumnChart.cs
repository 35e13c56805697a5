using FbDisplay.Core.Display;
using FbDisplay.Core.History;
using FbDisplay.Ui.Drawing;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>How a <see cref="ColumnChart"/> draws its series.</summary>
public enum ChartStyle : byte
{
    /// <summary>One column per value from the zero line (power log: charge up, discharge down).</summary>
    Columns,

    /// <summary>A line through the values with a soft fill beneath (SOC log).</summary>
    Line,
}

/// <summary>
/// A time series over a fixed scale: columns around a zero line, or a line. Values left to right, oldest first;
/// NaN (or an empty <see cref="Bar"/>) leaves a gap. Only the changed columns are redrawn.
/// </summary>
public sealed class ColumnChart : Widget
{
    private readonly SeriesBuffer _values;
    private readonly SKPaint _fill = new() { IsAntialias = false, Style = SKPaintStyle.Fill };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2f, StrokeJoin = SKStrokeJoin.Round };
    private readonly SKPaint _grid = new() { IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 1f };
    private readonly SKPath _path = new();
    private ChartStyle _style;
    private float _minimum;
    private float _maximum;

    /// <summary>Creates a chart of up to <paramref name="capacity"/> values over [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public ColumnChart(PixelRect bounds, float minimum, float maximum, int capacity = 720, ChartStyle style = ChartStyle.Columns)
        : base(bounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _values = new SeriesBuffer(capacity);
        _style = style;
        SetScale(minimum, maximum);
    }

    /// <summary>Colour of values above zero (and of the line).</summary>
    public SKColor PositiveColor { get; init; } = Theme.Charge;

    /// <summary>Colour of values below zero.</summary>
    public SKColor NegativeColor { get; init; } = Theme.Discharge;

    /// <summary>Horizontal grid lines dividing the height (0 = none).</summary>
    public int GridDivisions { get; init; } = 4;

    /// <summary>Empty pixels around the plot inside the bounds.</summary>
    public int Padding { get; init; } = 4;

    /// <summary>Whether a rounded panel is drawn behind the plot.</summary>
    public bool ShowPanel { get; init; } = true;

    /// <summary>Bottom of the scale.</summary>
    public float Minimum => _minimum;

    /// <summary>Top of the scale.</summary>
    public float Maximum => _maximum;

    /// <summary>Number of values shown.</summary>
    public int Count => _values.Count;

    /// <summary>Columns or line.</summary>
    public ChartStyle Style
    {
        get => _style;
        set => Set(ref _style, value);
    }

    /// <summary>Changes the scale (e.g. the power log's 1X/2X); redraws everything if it changed.</summary>
    public void SetScale(float minimum, float maximum)
    {
        if (!(maximum > minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(maximum), "Maximum must be above minimum.");
        }

        if (minimum != _minimum || maximum != _maximum)
        {
            _minimum = minimum;
            _maximum = maximum;
            Invalidate();
        }
    }

    /// <summary>Sets the values; redraws only the changed columns.</summary>
    public void SetValues(ReadOnlySpan<float> values)
    {
        int oldCount = _values.Count;
        (int first, int last) = _values.Set(values);
        InvalidateRange(first, last, oldCount != _values.Count);
    }

    /// <summary>Sets the values from history bars (their averages).</summary>
    public void SetValues(ReadOnlySpan<Bar> bars)
    {
        int oldCount = _values.Count;
        (int first, int last) = _values.Set(bars);
        InvalidateRange(first, last, oldCount != _values.Count);
    }

    /// <summary>The y pixel of <paramref name="value"/> (clamped to the plot).</summary>
    public float YOf(float value)
    {
        PixelRect inner = Inner;
        float f = Math.Clamp((value - _minimum) / (_maximum - _minimum), 0f, 1f);
        return inner.Bottom - (f * inner.Height);
    }

    /// <summary>The screen columns value <paramref name="index"/> occupies.</summary>
    public PixelRect SlotRect(int index)
    {
        PixelRect inner = Inner;
        int n = Math.Max(1, _values.Count);
        int left = inner.X + (int)((long)inner.Width * index / n);
        int right = inner.X + (int)((long)inner.Width * (index + 1) / n);
        return PixelRect.FromEdges(left, inner.Y, right, inner.Bottom);
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        PixelRect inner = Inner;
        if (ShowPanel)
        {
            _fill.IsAntialias = true;
            _fill.Color = Theme.Panel;
            canvas.DrawRoundRect(BoundsRect, Theme.CornerRadius, Theme.CornerRadius, _fill);
            _fill.IsAntialias = false;
        }

        DrawGrid(canvas, inner);
        int n = _values.Count;
        if (n == 0)
        {
            return;
        }

        // Only the slots under the clip (plus one each side, so line segments that cross in are drawn).
        int from = Math.Max(0, (int)((long)(clip.X - inner.X) * n / Math.Max(1, inner.Width)) - 1);
        int to = Math.Min(n - 1, (int)((long)(clip.Right - inner.X) * n / Math.Max(1, inner.Width)) + 1);
        if (_style == ChartStyle.Columns)
        {
            DrawColumns(canvas, from, to);
        }
        else
        {
            DrawLine(canvas, from, to, inner);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fill.Dispose();
            _stroke.Dispose();
            _grid.Dispose();
            _path.Dispose();
        }
    }

    private PixelRect Inner => PixelRect.FromEdges(Bounds.X + Padding, Bounds.Y + Padding, Bounds.Right - Padding, Bounds.Bottom - Padding);

    private float Baseline => YOf(Math.Clamp(0f, _minimum, _maximum));

    private void DrawGrid(SKCanvas canvas, PixelRect inner)
    {
        _grid.Color = Theme.Grid;
        for (int i = 1; i < GridDivisions; i++)
        {
            float y = MathF.Round(inner.Y + ((float)inner.Height * i / GridDivisions)) + 0.5f;
            canvas.DrawLine(inner.X, y, inner.Right, y, _grid);
        }

        if (_minimum < 0f && _maximum > 0f)
        {
            _grid.Color = Theme.TextDim;
            float y = MathF.Round(Baseline) + 0.5f;
            canvas.DrawLine(inner.X, y, inner.Right, y, _grid);
        }
    }

    private void DrawColumns(SKCanvas canvas, int from, int to)
    {
        float zero = MathF.Round(Baseline);
        for (int i = from; i <= to; i++)
        {
            float v = _values[i];
            if (float.IsNaN(v))
            {
                continue;
            }

            PixelRect slot = SlotRect(i);
            int gap = slot.Width >= 4 ? 1 : 0;
            float y = MathF.Round(YOf(v));
            float top = MathF.Min(y, zero), bottom = MathF.Max(y, zero);
            if (bottom - top < 1f)
            {
                // A tiny non-zero value still shows as a hairline, so "idle" and "no data" differ.
                if (v == 0f)
                {
                    continue;
                }

                if (v > 0f)
                {
                    top = zero - 1f;
                }
                else
                {
                    bottom = zero + 1f;
                }
            }

            _fill.Color = v >= 0f ? PositiveColor : NegativeColor;
            canvas.DrawRect(slot.X, top, slot.Width - gap, bottom - top, _fill);
        }
    }

    private void DrawLine(SKCanvas canvas, int from, int to, PixelRect inner)
    {
        _path.Reset();
        bool open = false;
        for (int i = from; i <= to; i++)
        {
            float v = _values[i];
            if (float.IsNaN(v))
            {
                open = false;
                continue;
            }

            PixelRect slot = SlotRect(i);
            float x = slot.X + (slot.Width / 2f);
            float y = YOf(v);
            if (!open)
            {
                _path.MoveTo(x, y);
                open = true;
            }
            else
            {
                _path.LineTo(x, y);
            }
        }

        // The fill under the line is the same path closed down to the bottom, segment by segment.
        _fill.Color = PositiveColor.WithAlpha(0x38);
        _fill.IsAntialias = true;
        for (int i = from; i <= to; i++)
        {
            float v = _values[i];
            if (float.IsNaN(v))
            {
                continue;
            }

            PixelRect slot = SlotRect(i);
            canvas.DrawRect(slot.X, YOf(v), slot.Width, inner.Bottom - YOf(v), _fill);
        }

        _fill.IsAntialias = false;
        _stroke.Color = PositiveColor;
        canvas.DrawPath(_path, _stroke);
    }

    private void InvalidateRange(int first, int last, bool countChanged)
    {
        if (first < 0)
        {
            return;
        }

        if (countChanged)
        {
            Invalidate();
            return;
        }

        // A line joins neighbours: a changed point moves the segments on both sides.
        int pad = _style == ChartStyle.Line ? 1 : 0;
        PixelRect a = SlotRect(Math.Max(0, first - pad));
        PixelRect b = SlotRect(Math.Min(_values.Count - 1, last + pad));
        Invalidate(PixelRect.FromEdges(a.X, Bounds.Y, b.Right, Bounds.Bottom));
    }
}
