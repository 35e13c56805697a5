using FbDisplay.Core.Display;
using FbDisplay.Ui.Input;
using SkiaSharp;

namespace FbDisplay.Ui;

/// <summary>
/// A rectangle of the screen that draws itself. Widgets only invalidate; the renderer decides when to draw. A widget
/// draws nothing outside its <see cref="Bounds"/> (the screen clips it there) and only needs to draw what lies in the clip.
/// </summary>
public abstract class Widget : IDisposable
{
    private PixelRect _bounds;
    private bool _visible = true;
    private bool _enabled = true;

    /// <summary>Creates a widget occupying <paramref name="bounds"/>.</summary>
    protected Widget(PixelRect bounds) => _bounds = bounds;

    /// <summary>The screen this widget belongs to, if any.</summary>
    public Screen? Screen { get; internal set; }

    /// <summary>Where the widget lives, in screen pixels.</summary>
    public PixelRect Bounds
    {
        get => _bounds;
        set
        {
            if (_bounds == value)
            {
                return;
            }

            Invalidate();
            _bounds = value;
            OnBoundsChanged();
            Invalidate();
        }
    }

    /// <summary>Hidden widgets neither draw nor take touches.</summary>
    public bool Visible
    {
        get => _visible;
        set
        {
            if (_visible != value)
            {
                _visible = value;
                Screen?.Invalidate(_bounds);
            }
        }
    }

    /// <summary>Disabled widgets draw dimmed and take no touches.</summary>
    public bool Enabled
    {
        get => _enabled;
        set
        {
            if (_enabled != value)
            {
                _enabled = value;
                Invalidate();
            }
        }
    }

    /// <summary>Sets a backing field and invalidates the widget only when the value really changed.</summary>
    protected bool Set<T>(ref T field, T value)
    {
        if (EqualityComparer<T>.Default.Equals(field, value))
        {
            return false;
        }

        field = value;
        Invalidate();
        return true;
    }

    /// <summary>Sets a paint's colour and invalidates the widget only when it really changed.</summary>
    protected bool SetColor(SKPaint paint, SKColor value)
    {
        ArgumentNullException.ThrowIfNull(paint);
        if (paint.Color == value)
        {
            return false;
        }

        paint.Color = value;
        Invalidate();
        return true;
    }

    /// <summary>Asks for the whole widget to be redrawn on the next frame.</summary>
    public void Invalidate()
    {
        if (_visible)
        {
            Screen?.Invalidate(_bounds);
        }
    }

    /// <summary>
    /// True if <see cref="Draw"/> paints every pixel of <see cref="Bounds"/> opaquely: the screen then fills no
    /// background under it.
    /// </summary>
    public virtual bool IsOpaque => false;

    /// <summary>True if a touch at (<paramref name="x"/>, <paramref name="y"/>) belongs to this widget.</summary>
    public virtual bool HitTest(int x, int y) => _visible && _enabled && _bounds.Contains(x, y);

    /// <summary>
    /// Called once per tick before drawing: compare inputs with what was last drawn and invalidate only on change.
    /// Must not allocate.
    /// </summary>
    public virtual void Update(long timestamp)
    {
    }

    /// <summary>Draws the part of the widget inside <paramref name="clip"/> (already clipped to <see cref="Bounds"/>).</summary>
    public abstract void Draw(SKCanvas canvas, in PixelRect clip);

    /// <summary>Handles a gesture that started on this widget; returns true if it was used.</summary>
    public virtual bool OnGesture(in Gesture gesture) => false;

    /// <summary>
    /// Adds each text of this widget that is wider (or taller) than the room it is drawn in, measured with the font it
    /// is drawn with: the layout tests render every screen in every language and fail on any. Not used at run time.
    /// </summary>
    public virtual void FindOverflows(ICollection<TextOverflow> into)
    {
    }

    /// <summary>Adds <paramref name="text"/> to <paramref name="into"/> when <paramref name="width"/> exceeds <paramref name="room"/>.</summary>
    protected void CheckFits(ICollection<TextOverflow> into, ReadOnlySpan<char> text, float width, float room)
    {
        ArgumentNullException.ThrowIfNull(into);
        if (text.Length > 0 && width > room + 0.5f)
        {
            into.Add(new TextOverflow(GetType().Name, text.ToString(), width, room));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Asks for part of the widget to be redrawn (clipped to its bounds).</summary>
    protected void Invalidate(PixelRect area)
    {
        if (_visible)
        {
            PixelRect r = area.Intersect(_bounds);
            if (!r.IsEmpty)
            {
                Screen?.Invalidate(r);
            }
        }
    }

    /// <summary>Called after <see cref="Bounds"/> changed, to recompute layout.</summary>
    protected virtual void OnBoundsChanged()
    {
    }

    /// <summary>Releases paints, fonts and paths.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The bounds as a Skia rectangle.</summary>
    protected SKRect BoundsRect => new(_bounds.X, _bounds.Y, _bounds.Right, _bounds.Bottom);

    /// <summary>Converts a pixel rectangle to Skia's.</summary>
    protected static SKRect ToSkRect(in PixelRect r) => new(r.X, r.Y, r.Right, r.Bottom);
}

/// <summary>A text that does not fit: the widget type, the text, its width and the room it had, in pixels.</summary>
public readonly record struct TextOverflow(string Widget, string Text, float Width, float Room)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Widget} \"{Text}\": {Width:0} px in {Room:0} px";
}
