using System.Runtime.InteropServices;
using FbDisplay.Core.Display;
using FbDisplay.Core.Input;
using FbDisplay.Ui.Input;
using SkiaSharp;

namespace FbDisplay.Ui.Rendering;

/// <summary>
/// The refresher: owns the BGRA8888 back buffer and the Skia canvas over it. Each <see cref="Tick"/> updates the active
/// screen, redraws only the dirty rectangles and hands exactly those to the <see cref="IDisplayOutput"/>. A tick in
/// which nothing changed draws nothing, flushes nothing and allocates nothing.
/// </summary>
public sealed unsafe class UiRenderer : IDisposable
{
    private readonly IDisplayOutput _output;
    private readonly TimeProvider _time;
    private readonly GestureRecognizer _gestures;
    private readonly byte* _pixels;
    private readonly int _byteCount;
    private readonly SKSurface _surface;
    private readonly SKCanvas _canvas;
    private readonly PixelRect[] _lastRects;
    private int _lastRectCount;
    private Screen? _screen;
    private Widget? _overlay;
    private bool _disposed;

    /// <summary>Creates a renderer for <paramref name="output"/>'s logical size.</summary>
    public UiRenderer(IDisplayOutput output, TimeProvider time, int dirtyCapacity = DirtyRegion.DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(time);
        _output = output;
        _time = time;
        _gestures = new GestureRecognizer(time);
        Width = output.Width;
        Height = output.Height;
        StrideBytes = Width * 4;
        _byteCount = StrideBytes * Height;

        // Unmanaged and zeroed: Skia holds a raw pointer to it for the renderer's lifetime, so it must never move.
        _pixels = (byte*)NativeMemory.AlignedAlloc((nuint)_byteCount, 64);
        NativeMemory.Clear(_pixels, (nuint)_byteCount);
        var info = new SKImageInfo(Width, Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        _surface = SKSurface.Create(info, (IntPtr)_pixels, StrideBytes)
            ?? throw new InvalidOperationException($"Skia could not create a {Width}x{Height} raster surface.");
        _canvas = _surface.Canvas;
        Dirty = new DirtyRegion(Width, Height, dirtyCapacity);
        _lastRects = new PixelRect[dirtyCapacity];
    }

    /// <summary>Logical width in pixels.</summary>
    public int Width { get; }

    /// <summary>Logical height in pixels.</summary>
    public int Height { get; }

    /// <summary>Bytes per back-buffer row.</summary>
    public int StrideBytes { get; }

    /// <summary>What must be redrawn on the next tick.</summary>
    public DirtyRegion Dirty { get; }

    /// <summary>The screen being shown.</summary>
    public Screen? ActiveScreen => _screen;

    /// <summary>The finished pixels, BGRA8888 premultiplied (opaque), <see cref="StrideBytes"/> per row.</summary>
    public ReadOnlySpan<byte> BackBuffer => new(_pixels, _byteCount);

    /// <summary>The rectangles drawn and flushed by the last frame that drew anything.</summary>
    public ReadOnlySpan<PixelRect> LastFrameRects => new(_lastRects, 0, _lastRectCount);

    /// <summary>Frames that drew something.</summary>
    public long FramesRendered { get; private set; }

    /// <summary>Pixels drawn over all frames (overlapping rectangles count twice).</summary>
    public long PixelsRendered { get; private set; }

    /// <summary>Ticks run, including those that drew nothing.</summary>
    public long Ticks { get; private set; }

    /// <summary>True while a finger is on the screen (the loop may tick faster then).</summary>
    public bool IsTouching => _gestures.IsTouching;

    /// <summary>Drawn over every screen (the alarm banner); set before the first <see cref="Show"/>.</summary>
    public Widget? Overlay
    {
        get => _overlay;
        set
        {
            _overlay = value;
            if (_screen is not null)
            {
                _screen.TopLayer = _screen.AcceptsTopLayer ? value : null;
                _screen.InvalidateAll();
            }
        }
    }

    /// <summary>Makes <paramref name="screen"/> the visible one and schedules a full redraw.</summary>
    public void Show(Screen screen)
    {
        ArgumentNullException.ThrowIfNull(screen);
        if (ReferenceEquals(screen, _screen))
        {
            return;
        }

        if (screen.Bounds.Width != Width || screen.Bounds.Height != Height)
        {
            throw new ArgumentException($"Screen is {screen.Bounds.Width}x{screen.Bounds.Height}, display is {Width}x{Height}.", nameof(screen));
        }

        _screen?.Detach();
        if (_screen is not null)
        {
            _screen.TopLayer = null;
        }

        _screen = screen;
        screen.TopLayer = screen.AcceptsTopLayer ? _overlay : null;
        Dirty.Clear();
        screen.Attach(Dirty);
    }

    /// <summary>Feeds a touch event: recognised gestures go to the active screen at once.</summary>
    public void OnTouch(in TouchEvent touch)
    {
        if (_gestures.OnTouch(touch, out Gesture g))
        {
            _screen?.Dispatch(g);
        }
    }

    /// <summary>
    /// One frame: long-press check, screen and widget updates, redraw of the dirty rectangles, flush of exactly those.
    /// Returns true if anything was drawn.
    /// </summary>
    public bool Tick()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Ticks++;
        long now = _time.GetTimestamp();
        Screen? screen = _screen;
        if (_gestures.Tick(now, out Gesture g))
        {
            screen?.Dispatch(g);
        }

        // A gesture handler may have switched screens.
        screen = _screen;
        if (screen is null)
        {
            return false;
        }

        screen.Update(now);
        return RenderDirty(screen);
    }

    /// <summary>Encodes the back buffer as PNG (about 10 ms at 800x480: for /screen.png, not for every frame).</summary>
    public void WriteScreenshotPng(Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using SKImage image = _surface.Snapshot();
        using SKData data = image.Encode(SKEncodedImageFormat.Png, 100);
        data.SaveTo(destination);
    }

    /// <summary>The back buffer as a PNG file's bytes.</summary>
    public byte[] ScreenshotPng()
    {
        using var ms = new MemoryStream();
        WriteScreenshotPng(ms);
        return ms.ToArray();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _screen?.Detach();
        _screen = null;
        _surface.Dispose();
        NativeMemory.AlignedFree(_pixels);
    }

    private bool RenderDirty(Screen screen)
    {
        if (Dirty.IsEmpty)
        {
            return false;
        }

        ReadOnlySpan<PixelRect> rects = Dirty.Rects;
        long pixels = 0;
        for (int i = 0; i < rects.Length; i++)
        {
            PixelRect r = rects[i];
            _canvas.Save();
            _canvas.ClipRect(new SKRect(r.X, r.Y, r.Right, r.Bottom));
            screen.Draw(_canvas, r);
            _canvas.Restore();
            _lastRects[i] = r;
            pixels += r.Area;
        }

        _lastRectCount = rects.Length;
        _canvas.Flush();
        _output.Flush(BackBuffer, StrideBytes, rects);
        FramesRendered++;
        PixelsRendered += pixels;
        Dirty.Clear();
        return true;
    }
}
