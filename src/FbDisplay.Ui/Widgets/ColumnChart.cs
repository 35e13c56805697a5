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
public sealed class ColumnChart : SeriesWidget
{
    private readonly SKPaint _fill = new() { IsAntialias = false, Style = SKPaintStyle.Fill };
    private readonly SKPaint _corner = new() { IsAntialias = false, BlendMode = SKBlendMode.Src };
    private readonly SKPaint _stroke = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2f, StrokeJoin = SKStrokeJoin.Round };
    private readonly SKPaint _grid = new() { IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 1f };
    private readonly SKPath _path = new();
    private ChartStyle _style;

    /// <summary>Creates a chart of up to <paramref name="capacity"/> values over [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public ColumnChart(PixelRect bounds, float minimum, float maximum, int capacity = 720, ChartStyle style = ChartStyle.Columns)
        : base(bounds, minimum, maximum, capacity)
    {
        _style = style;
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

    /// <summary>Columns or line.</summary>
    public ChartStyle Style
    {
        get => _style;
        set => Set(ref _style, value);
    }

    /// <summary>The y pixel of <paramref name="value"/> (clamped to the plot).</summary>
    public float YOf(float value)
    {
        PixelRect inner = Inner;
        float f = Fraction(value);
        return inner.Bottom - (f * inner.Height);
    }

    /// <summary>The screen columns value <paramref name="index"/> occupies.</summary>
    public PixelRect SlotRect(int index)
    {
        PixelRect inner = Inner;
        int n = Math.Max(1, Values.Count);
        int left = inner.X + (int)((long)inner.Width * index / n);
        int right = inner.X + (int)((long)inner.Width * (index + 1) / n);
        return PixelRect.FromEdges(left, inner.Y, right, inner.Bottom);
    }

    /// <inheritdoc/>
    public override bool IsOpaque => ShowPanel;

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        PixelRect inner = Inner;
        if (ShowPanel)
        {
            PanelPainter.Draw(canvas, Bounds, clip, Screen?.Background ?? Theme.Background, _fill, _corner);
            _fill.IsAntialias = false;
        }

        DrawGrid(canvas, inner);
        int n = Values.Count;
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
            _corner.Dispose();
            _stroke.Dispose();
            _grid.Dispose();
            _path.Dispose();
        }
    }

    private PixelRect Inner => PixelRect.FromEdges(Bounds.X + Padding, Bounds.Y + Padding, Bounds.Right - Padding, Bounds.Bottom - Padding);

    private float Baseline => YOf(Math.Clamp(0f, Minimum, Maximum));

    private void DrawGrid(SKCanvas canvas, PixelRect inner)
    {
        _grid.Color = Theme.Grid;
        for (int i = 1; i < GridDivisions; i++)
        {
            float y = MathF.Round(inner.Y + ((float)inner.Height * i / GridDivisions)) + 0.5f;
            canvas.DrawLine(inner.X, y, inner.Right, y, _grid);
        }

        if (Minimum < 0f && Maximum > 0f)
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
            float v = Values[i];
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
            float v = Values[i];
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
            float v = Values[i];
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

    protected override void InvalidateChanged(int first, int last, bool countChanged)
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
        PixelRect b = SlotRect(Math.Min(Values.Count - 1, last + pad));
        Invalidate(PixelRect.FromEdges(a.X, Bounds.Y, b.Right, Bounds.Bottom));
    }
}
