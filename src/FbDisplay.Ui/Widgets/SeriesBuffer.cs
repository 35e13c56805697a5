using FbDisplay.Core.History;

namespace FbDisplay.Ui.Widgets;

/// <summary>A fixed-capacity copy of a graph's values that reports which index range changed on each update.</summary>
internal sealed class SeriesBuffer
{
    private readonly float[] _values;

    public SeriesBuffer(int capacity) => _values = new float[capacity];

    public int Capacity => _values.Length;

    public int Count { get; private set; }

    public ReadOnlySpan<float> Values => new(_values, 0, Count);

    public float this[int index] => _values[index];

    /// <summary>Copies <paramref name="values"/>; returns the changed index range, or (-1, -1) if nothing changed.</summary>
    public (int First, int Last) Set(ReadOnlySpan<float> values)
    {
        int n = Math.Min(values.Length, _values.Length);
        int first = -1, last = -1;
        if (n != Count)
        {
            first = 0;
            last = Math.Max(n, Count) - 1;
        }

        for (int i = 0; i < n; i++)
        {
            float v = values[i];

            // Bitwise, so NaN (no data) equals NaN and the graph does not redraw it forever.
            if (BitConverter.SingleToInt32Bits(v) != BitConverter.SingleToInt32Bits(_values[i]))
            {
                _values[i] = v;
                if (first < 0 || i < first)
                {
                    first = i;
                }

                last = Math.Max(last, i);
            }
        }

        Count = n;
        return (first, last);
    }

    /// <summary>Copies bar averages (empty bars become NaN).</summary>
    public (int First, int Last) Set(ReadOnlySpan<Bar> bars)
    {
        int n = Math.Min(bars.Length, _values.Length);
        Span<float> scratch = n <= 1024 ? stackalloc float[n] : new float[n];
        for (int i = 0; i < n; i++)
        {
            scratch[i] = bars[i].HasValue ? bars[i].Average : float.NaN;
        }

        return Set(scratch);
    }
}
