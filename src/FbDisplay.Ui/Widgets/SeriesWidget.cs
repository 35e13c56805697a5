using FbDisplay.Core.Display;
using FbDisplay.Core.History;

namespace FbDisplay.Ui.Widgets;

/// <summary>
/// What the bar graph and the column chart share: a fixed-capacity series of values on a min/max scale. Setting values
/// tells the widget which index range changed, so it redraws only those columns.
/// </summary>
public abstract class SeriesWidget : Widget
{
    private float _minimum;
    private float _maximum;

    protected SeriesWidget(PixelRect bounds, float minimum, float maximum, int capacity)
        : base(bounds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Values = new SeriesBuffer(capacity);
        SetScale(minimum, maximum);
    }

    /// <summary>Bottom of the scale.</summary>
    public float Minimum => _minimum;

    /// <summary>Top of the scale.</summary>
    public float Maximum => _maximum;

    /// <summary>Number of values shown.</summary>
    public int Count => Values.Count;

    private protected SeriesBuffer Values { get; }

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

    /// <summary>Sets the values (NaN = nothing drawn); redraws only the columns that changed.</summary>
    public void SetValues(ReadOnlySpan<float> values)
    {
        int oldCount = Values.Count;
        (int first, int last) = Values.Set(values);
        InvalidateChanged(first, last, oldCount != Values.Count);
    }

    /// <summary>Sets the values from history bars (their averages; empty bars are not drawn).</summary>
    public void SetValues(ReadOnlySpan<Bar> bars)
    {
        int oldCount = Values.Count;
        (int first, int last) = Values.Set(bars);
        InvalidateChanged(first, last, oldCount != Values.Count);
    }

    /// <summary>Where <paramref name="value"/> sits on the scale, 0 to 1 (clamped).</summary>
    protected float Fraction(float value) => Math.Clamp((value - _minimum) / (_maximum - _minimum), 0f, 1f);

    /// <summary>Invalidates the columns of values <paramref name="first"/>..<paramref name="last"/> (everything when the count changed).</summary>
    protected abstract void InvalidateChanged(int first, int last, bool countChanged);
}
