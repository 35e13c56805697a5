using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Rendering;
using SkiaSharp;

namespace FbDisplay.Ui;

/// <summary>
/// A full-screen page of widgets drawn over a plain background. Only the active screen reports invalidations; showing
/// a screen redraws it whole. Gestures go to the widget where the touch began.
/// </summary>
public class Screen : IDisposable
{
    private const int MaxOpaqueCovers = 8;
    private readonly List<Widget> _widgets = [];
    private readonly SKPaint _background = new() { BlendMode = SKBlendMode.Src, IsAntialias = false };
    private DirtyRegion? _region;
    private Widget? _captured;
    private Widget? _overlay;

    /// <summary>Creates an empty screen of the given size.</summary>
    public Screen(int width, int height)
    {
        Bounds = new PixelRect(0, 0, width, height);
        _background.Color = Theme.Background;
    }

    /// <summary>The whole screen.</summary>
    public PixelRect Bounds { get; }

    /// <summary>Fill colour behind the widgets.</summary>
    public SKColor Background
    {
        get => _background.Color;
        set
        {
            if (_background.Color != value)
            {
                _background.Color = value;
                InvalidateAll();
            }
        }
    }

    /// <summary>Number of widgets, in drawing order.</summary>
    public int Count => _widgets.Count;

    /// <summary>True while the renderer shows this screen.</summary>
    public bool IsActive => _region is not null;

    /// <summary>
    /// A widget shared by every screen and drawn over it (the alarm banner): set by the renderer when the screen is
    /// shown, updated, drawn last and hit first.
    /// </summary>
    public Widget? TopLayer
    {
        get => _overlay;
        internal set
        {
            _overlay = value;
            if (value is not null)
            {
                value.Screen = this;
            }
        }
    }

    /// <summary>
    /// False for screens the banner must not cover (touch calibration, the keyboard, a yes/no question): their
    /// controls reach the bottom edge, and a tap meant for them must not acknowledge or leave. Alarms show again
    /// on the next screen.
    /// </summary>
    public virtual bool AcceptsTopLayer => true;

    /// <summary>The widget at <paramref name="index"/> in drawing order (later draws on top).</summary>
    public Widget this[int index] => _widgets[index];

    /// <summary>Adds a widget on top of the others and returns it.</summary>
    public T Add<T>(T widget)
        where T : Widget
    {
        ArgumentNullException.ThrowIfNull(widget);
        if (widget.Screen is not null)
        {
            throw new InvalidOperationException("The widget already belongs to a screen.");
        }

        _widgets.Add(widget);
        widget.Screen = this;
        widget.Invalidate();
        return widget;
    }

    /// <summary>Removes a widget; its area is redrawn.</summary>
    public bool Remove(Widget widget)
    {
        ArgumentNullException.ThrowIfNull(widget);
        if (!_widgets.Remove(widget))
        {
            return false;
        }

        widget.Invalidate();
        widget.Screen = null;
        if (ReferenceEquals(_captured, widget))
        {
            _captured = null;
        }

        return true;
    }

    /// <summary>Marks an area for redraw (ignored while the screen is not shown).</summary>
    public void Invalidate(PixelRect area) => _region?.Invalidate(area);

    /// <summary>Marks the whole screen for redraw.</summary>
    public void InvalidateAll() => _region?.InvalidateAll();

    /// <summary>Per tick: lets the screen pull fresh values into its widgets, then each widget check itself.</summary>
    public void Update(long timestamp)
    {
        OnUpdate(timestamp);
        for (int i = 0; i < _widgets.Count; i++)
        {
            _widgets[i].Update(timestamp);
        }

        _overlay?.Update(timestamp);
    }

    /// <summary>Paints the background and every visible widget that meets <paramref name="clip"/>, in order.</summary>
    public void Draw(SKCanvas canvas, in PixelRect clip)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        FillBackground(canvas, clip);
        for (int i = 0; i < _widgets.Count; i++)
        {
            Widget w = _widgets[i];
            if (!w.Visible)
            {
                continue;
            }

            DrawWidget(canvas, w, clip);
        }

        if (_overlay is { Visible: true } overlay)
        {
            DrawWidget(canvas, overlay, clip);
        }
    }

    /// <summary>
    /// Fills <paramref name="clip"/> with the background except where opaque widgets will paint: in each band between
    /// their top and bottom edges, the gaps between the widgets that span the band.
    /// </summary>
    private void FillBackground(SKCanvas canvas, in PixelRect clip)
    {
        Span<PixelRect> covers = stackalloc PixelRect[MaxOpaqueCovers];
        int n = 0;
        for (int i = 0; i < _widgets.Count && n < MaxOpaqueCovers; i++)
        {
            Widget w = _widgets[i];
            if (w.Visible && w.IsOpaque)
            {
                PixelRect part = w.Bounds.Intersect(clip);
                if (!part.IsEmpty)
                {
                    covers[n++] = part;
                }
            }
        }

        if (n == 0)
        {
            canvas.DrawRect(clip.X, clip.Y, clip.Width, clip.Height, _background);
            return;
        }

        // Band edges, sorted and distinct.
        Span<int> edges = stackalloc int[(2 * MaxOpaqueCovers) + 2];
        int e = 0;
        edges[e++] = clip.Y;
        edges[e++] = clip.Bottom;
        for (int i = 0; i < n; i++)
        {
            edges[e++] = covers[i].Y;
            edges[e++] = covers[i].Bottom;
        }

        edges = edges[..e];
        edges.Sort();
        Span<PixelRect> across = stackalloc PixelRect[MaxOpaqueCovers];
        for (int b = 0; b + 1 < edges.Length; b++)
        {
            int top = edges[b], bottom = edges[b + 1];
            if (top == bottom)
            {
                continue;
            }

            // The covers spanning this band, in x order (insertion sort: there are a handful).
            int m = 0;
            for (int i = 0; i < n; i++)
            {
                if (covers[i].Y <= top && covers[i].Bottom >= bottom)
                {
                    int j = m++;
                    while (j > 0 && across[j - 1].X > covers[i].X)
                    {
                        across[j] = across[j - 1];
                        j--;
                    }

                    across[j] = covers[i];
                }
            }

            int x = clip.X;
            for (int i = 0; i < m; i++)
            {
                if (across[i].X > x)
                {
                    canvas.DrawRect(x, top, across[i].X - x, bottom - top, _background);
                }

                x = Math.Max(x, across[i].Right);
            }

            if (x < clip.Right)
            {
                canvas.DrawRect(x, top, clip.Right - x, bottom - top, _background);
            }
        }
    }

    private static void DrawWidget(SKCanvas canvas, Widget w, in PixelRect clip)
    {
        PixelRect part = w.Bounds.Intersect(clip);
        if (part.IsEmpty)
        {
            return;
        }

        // The clip keeps anti-aliased edges inside the bounds the widget invalidates.
        canvas.Save();
        canvas.ClipRect(new SKRect(part.X, part.Y, part.Right, part.Bottom));
        w.Draw(canvas, part);
        canvas.Restore();
    }

    /// <summary>The topmost widget that takes a touch at (<paramref name="x"/>, <paramref name="y"/>), if any.</summary>
    public Widget? HitTest(int x, int y)
    {
        if (_overlay is not null && _overlay.HitTest(x, y))
        {
            return _overlay;
        }

        for (int i = _widgets.Count - 1; i >= 0; i--)
        {
            if (_widgets[i].HitTest(x, y))
            {
                return _widgets[i];
            }
        }

        return null;
    }

    /// <summary>Routes a gesture to the widget the touch began on, or to <see cref="OnGesture"/> if none used it.</summary>
    public void Dispatch(in Gesture gesture)
    {
        if (gesture.Kind == GestureKind.Down)
        {
            _captured = HitTest(gesture.X, gesture.Y);
        }

        Widget? target = _captured;
        bool handled = target is not null && target.Screen == this && target.OnGesture(gesture);
        if (!handled)
        {
            OnGesture(gesture, target);
        }

        if (gesture.EndsTouch)
        {
            _captured = null;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    internal void Attach(DirtyRegion region)
    {
        _region = region;
        region.InvalidateAll();
        OnShown();
    }

    internal void Detach()
    {
        _region = null;
        _captured = null;
        OnHidden();
    }

    /// <summary>Per tick, before the widgets update: copy model values into widgets here. Must not allocate.</summary>
    protected virtual void OnUpdate(long timestamp)
    {
    }

    /// <summary>A gesture no widget used (e.g. "press anywhere to return").</summary>
    protected virtual void OnGesture(in Gesture gesture, Widget? target)
    {
    }

    /// <summary>Called when the screen becomes the visible one.</summary>
    protected virtual void OnShown()
    {
    }

    /// <summary>Called when another screen replaces this one.</summary>
    protected virtual void OnHidden()
    {
    }

    /// <summary>Disposes the widgets and paints.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (Widget w in _widgets)
            {
                w.Dispose();
            }

            _widgets.Clear();
            _background.Dispose();
        }
    }
}
