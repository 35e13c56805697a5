using FbDisplay.Core.Display;

namespace FbDisplay.Ui;

/// <summary>
/// The screen areas that must be redrawn on the next frame. Rectangles are clipped to the screen; one inside another is
/// dropped; two are merged only when their union is smaller than the sum of their areas (so no pixel is drawn twice
/// for nothing and no large empty area is drawn for two distant specks); more than <see cref="Capacity"/> left over
/// means "redraw everything". Storage is fixed: invalidating and clearing never allocate.
/// </summary>
public sealed class DirtyRegion
{
    /// <summary>The default bound past which the whole screen is redrawn (LVGL uses 32 on larger screens).</summary>
    public const int DefaultCapacity = 16;

    private readonly PixelRect[] _rects;
    private int _count;
    private bool _full;

    /// <summary>Creates an empty region for a screen of the given size.</summary>
    public DirtyRegion(int width, int height, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Screen = new PixelRect(0, 0, width, height);
        _rects = new PixelRect[capacity];
    }

    /// <summary>The whole screen; every rectangle lies within it.</summary>
    public PixelRect Screen { get; }

    /// <summary>How many separate rectangles may be kept before falling back to the full screen.</summary>
    public int Capacity => _rects.Length;

    /// <summary>True when nothing needs redrawing.</summary>
    public bool IsEmpty => _count == 0;

    /// <summary>True when the region has fallen back to (or was asked for) the whole screen.</summary>
    public bool IsFullScreen => _full;

    /// <summary>The rectangles to redraw; valid until the next change.</summary>
    public ReadOnlySpan<PixelRect> Rects => new(_rects, 0, _count);

    /// <summary>Total pixels the rectangles cover, counting overlaps twice (what a renderer will actually draw).</summary>
    public long PixelCount
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < _count; i++)
            {
                sum += _rects[i].Area;
            }

            return sum;
        }
    }

    /// <summary>Marks <paramref name="rect"/> (clipped to the screen) as needing a redraw.</summary>
    public void Invalidate(PixelRect rect)
    {
        if (_full)
        {
            return;
        }

        PixelRect r = rect.Intersect(Screen);
        if (r.IsEmpty)
        {
            return;
        }

        // A merge can make the new rectangle swallow or join others, so scan again after each merge.
        int i = 0;
        while (i < _count)
        {
            PixelRect existing = _rects[i];
            if (existing.Contains(r))
            {
                return;
            }

            if (r.Contains(existing))
            {
                RemoveAt(i);
                continue;
            }

            PixelRect union = existing.Union(r);
            if (union.Area < existing.Area + r.Area)
            {
                RemoveAt(i);
                r = union;
                i = 0;
                continue;
            }

            i++;
        }

        if (_count == _rects.Length)
        {
            InvalidateAll();
            return;
        }

        _rects[_count++] = r;
    }

    /// <summary>Marks the whole screen as needing a redraw.</summary>
    public void InvalidateAll()
    {
        _rects[0] = Screen;
        _count = 1;
        _full = true;
    }

    /// <summary>Forgets everything; called once the frame has been drawn.</summary>
    public void Clear()
    {
        _count = 0;
        _full = false;
    }

    private void RemoveAt(int index)
    {
        // Keeps insertion order so frames are deterministic (tests assert exact lists).
        _count--;
        if (index < _count)
        {
            Array.Copy(_rects, index + 1, _rects, index, _count - index);
        }
    }
}
