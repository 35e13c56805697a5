using FbDisplay.Core.Display;

namespace FbDisplay.Services.Vnc;

/// <summary>
/// What one client has not been sent yet: a few rectangles, merged the LVGL way (drop contained ones, join two when
/// the union costs no more than both), collapsing to their bounding box when full. Fixed capacity, no allocation.
/// </summary>
public sealed class DirtyAccumulator
{
    private readonly PixelRect[] _rects;
    private int _count;

    /// <summary>Creates an empty region holding at most <paramref name="capacity"/> rectangles.</summary>
    public DirtyAccumulator(int capacity = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _rects = new PixelRect[capacity];
    }

    /// <summary>The rectangles, not overlapping each other's containment (they may still overlap partly).</summary>
    public ReadOnlySpan<PixelRect> Rects => new(_rects, 0, _count);

    public bool IsEmpty => _count == 0;

    public int Count => _count;

    public void Clear() => _count = 0;

    /// <summary>Adds <paramref name="r"/> to the region.</summary>
    public void Add(PixelRect r)
    {
        if (r.IsEmpty)
        {
            return;
        }

        for (int i = 0; i < _count; i++)
        {
            if (_rects[i].Contains(r))
            {
                return;
            }
        }

        // Absorb what r covers, and join with a neighbour when the union is no bigger than the two apart.
        bool merged = true;
        while (merged)
        {
            merged = false;
            for (int i = 0; i < _count; i++)
            {
                PixelRect u = _rects[i].Union(r);
                if (r.Contains(_rects[i]) || u.Area <= _rects[i].Area + r.Area)
                {
                    r = u;
                    _rects[i] = _rects[--_count];
                    merged = true;
                    break;
                }
            }
        }

        if (_count == _rects.Length)
        {
            for (int i = 0; i < _count; i++)
            {
                r = r.Union(_rects[i]);
            }

            _count = 0;
        }

        _rects[_count++] = r;
    }

    /// <summary>Removes every rectangle that lies inside <paramref name="area"/> (it has been sent).</summary>
    public void RemoveInside(PixelRect area)
    {
        for (int i = 0; i < _count;)
        {
            if (area.Contains(_rects[i]))
            {
                _rects[i] = _rects[--_count];
            }
            else
            {
                i++;
            }
        }
    }
}
