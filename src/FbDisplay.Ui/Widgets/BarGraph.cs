using FbDisplay.Core.Display;
using FbDisplay.Core.History;
using FbDisplay.Ui.Drawing;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>
/// Vertical bars growing up from the bottom, grouped (e.g. six cells to a module) with a wider gap between groups,
/// coloured by thresholds. Only the columns whose values changed are redrawn.
/// </summary>
public sealed class BarGraph : SeriesWidget
{
    private readonly SKPaint _bar = new() { IsAntialias = false, Style = SKPaintStyle.Fill };
    private readonly SKPaint _line = new() { IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 1f };
    private readonly SKPaint _frame = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _corner = new() { IsAntialias = false, BlendMode = SKBlendMode.Src };
    private float _reference = float.NaN;
    private ulong _dimmedGroups;

    /// <summary>Creates a graph for up to <paramref name="capacity"/> bars over [<paramref name="minimum"/>, <paramref name="maximum"/>].</summary>
    public BarGraph(PixelRect bounds, float minimum, float maximum, int capacity = 240)
        : base(bounds, minimum, maximum, capacity)
    {
    }

    /// <summary>Bars per group; a wider gap separates groups (0 = no grouping).</summary>
    public int GroupSize { get; init; } = 6;

    /// <summary>Empty pixels around the bars inside the bounds.</summary>
    public int Padding { get; init; } = 4;

    /// <summary>Whether a rounded panel is drawn behind the bars.</summary>
    public bool ShowPanel { get; init; } = true;

    /// <summary>Colour of bars between the thresholds.</summary>
    public SKColor NormalColor { get; init; } = Theme.Charge;

    /// <summary>Colour of bars below <see cref="LowThreshold"/>.</summary>
    public SKColor LowColor { get; init; } = Theme.Discharge;

    /// <summary>Colour of bars above <see cref="HighThreshold"/>.</summary>
    public SKColor HighColor { get; init; } = Theme.Amber;

    /// <summary>Values below this use <see cref="LowColor"/> (NaN = none).</summary>
    public float LowThreshold { get; set; } = float.NaN;

    /// <summary>Values above this use <see cref="HighColor"/> (NaN = none).</summary>
    public float HighThreshold { get; set; } = float.NaN;

    /// <summary>Colour of the bars of a dimmed group (e.g. a module whose data went stale).</summary>
    public SKColor DimColor { get; init; } = Theme.TextDisabled;

    /// <summary>A horizontal line across the bars (e.g. the average cell voltage); NaN hides it.</summary>
    public float ReferenceValue
    {
        get => _reference;
        set
        {
            if (BitConverter.SingleToInt32Bits(_reference) != BitConverter.SingleToInt32Bits(value))
            {
                // Only the rows the line leaves and enters (a row either side for safety), unless it stays on its row.
                int from = ReferenceRow(_reference), to = ReferenceRow(value);
                _reference = value;
                if (from != to)
                {
                    InvalidateReferenceRow(from);
                    InvalidateReferenceRow(to);
                }
            }
        }
    }

    /// <summary>True if group <paramref name="group"/> is drawn dimmed.</summary>
    public bool IsGroupDimmed(int group) => group is >= 0 and < 64 && (_dimmedGroups & (1UL << group)) != 0;

    /// <summary>Draws group <paramref name="group"/> (of <see cref="GroupSize"/> bars, the first 64) dimmed; redraws only that group.</summary>
    public void SetGroupDimmed(int group, bool dimmed)
    {
        if (group is < 0 or >= 64 || IsGroupDimmed(group) == dimmed)
        {
            return;
        }

        _dimmedGroups ^= 1UL << group;
        int size = Math.Max(1, GroupSize);
        int first = group * size;
        int last = Math.Min(Values.Count, first + size) - 1;
        if (last >= first)
        {
            Invalidate(ColumnRect(first).Union(ColumnRect(last)));
        }
    }

    /// <summary>The screen columns bar <paramref name="index"/> occupies (the full drawable height).</summary>
    public PixelRect ColumnRect(int index)
    {
        (int left, int right) = BarSpan(index, Values.Count);
        PixelRect inner = Inner;
        return PixelRect.FromEdges(left, inner.Y, right, inner.Bottom);
    }

    /// <summary>Height in pixels of a bar of <paramref name="value"/>.</summary>
    public int BarHeight(float value)
    {
        if (float.IsNaN(value))
        {
            return 0;
        }

        float f = Fraction(value);
        return (int)MathF.Round(f * Inner.Height);
    }

    /// <inheritdoc/>
    public override bool IsOpaque => ShowPanel;

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        if (ShowPanel)
        {
            PanelPainter.Draw(canvas, Bounds, clip, Screen?.Background ?? Theme.Background, _frame, _corner);
        }

        int n = Values.Count;
        PixelRect inner = Inner;
        for (int i = FirstBarAt(clip.X, n); i < n; i++)
        {
            (int left, int right) = BarSpan(i, n);
            if (left >= clip.Right)
            {
                break;
            }

            float v = Values[i];
            int h = BarHeight(v);
            if (h <= 0)
            {
                continue;
            }

            _bar.Color = IsGroupDimmed(i / Math.Max(1, GroupSize)) ? DimColor : ColorOf(v);
            canvas.DrawRect(left, inner.Bottom - h, right - left, h, _bar);
        }

        if (!float.IsNaN(_reference))
        {
            int y = ReferenceRow(_reference);
            _line.Color = Theme.Text.WithAlpha(0xB0);
            canvas.DrawLine(inner.X, y + 0.5f, inner.Right, y + 0.5f, _line);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _bar.Dispose();
            _line.Dispose();
            _frame.Dispose();
            _corner.Dispose();
        }
    }

    /// <summary>The screen row of the reference line at <paramref name="value"/>; int.MinValue for none.</summary>
    private int ReferenceRow(float value) => float.IsNaN(value) ? int.MinValue : Inner.Bottom - BarHeight(value);

    private void InvalidateReferenceRow(int y)
    {
        if (y != int.MinValue)
        {
            PixelRect inner = Inner;
            Invalidate(new PixelRect(inner.X, y - 1, inner.Width, 3));
        }
    }

    private PixelRect Inner => PixelRect.FromEdges(Bounds.X + Padding, Bounds.Y + Padding, Bounds.Right - Padding, Bounds.Bottom - Padding);

    private SKColor ColorOf(float v) =>
        v < LowThreshold ? LowColor : v > HighThreshold ? HighColor : NormalColor;

    protected override void InvalidateChanged(int first, int last, bool countChanged)
    {
        if (first < 0)
        {
            return;
        }

        if (countChanged)
        {
            // Every bar moved and resized.
            Invalidate();
            return;
        }

        PixelRect a = ColumnRect(first);
        PixelRect b = ColumnRect(last);
        Invalidate(a.Union(b));
    }

    // Layout in "units": one per bar plus one per gap between groups; the bar's last fifth (at least a pixel) is a gap when wide enough.
    private (int Left, int Right) BarSpan(int index, int n)
    {
        PixelRect inner = Inner;
        if (n <= 0)
        {
            return (inner.X, inner.X);
        }

        int groups = GroupSize > 0 ? (n + GroupSize - 1) / GroupSize : 1;
        float units = n + (groups - 1) * 0.8f;
        float unit = inner.Width / units;
        float start = inner.X + ((index + (GroupSize > 0 ? index / GroupSize * 0.8f : 0f)) * unit);
        int left = (int)MathF.Round(start);
        int right = (int)MathF.Round(start + unit);
        // A one-pixel gap keeps neighbouring cells apart as soon as a bar can still be two pixels wide.
        if (unit >= 2.5f)
        {
            right -= Math.Max(1, (int)(unit * 0.2f));
        }

        return (left, Math.Max(right, left + 1));
    }

    private int FirstBarAt(int x, int n)
    {
        // Bars are in x order: a binary search keeps a narrow clip cheap even with 240 bars.
        int lo = 0, hi = n;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (BarSpan(mid, n).Right <= x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
