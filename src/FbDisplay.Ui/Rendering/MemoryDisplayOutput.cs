using FbDisplay.Core.Display;
using SkiaSharp;

namespace FbDisplay.Ui.Rendering;

/// <summary>
/// A display in memory: keeps its own copy of the pixels it was sent and what the last flush contained. For tests,
/// and for running the app headless (the web screenshot still works).
/// </summary>
public sealed class MemoryDisplayOutput : IDisplayOutput
{
    private readonly byte[] _pixels;
    private PixelRect[] _lastRects = new PixelRect[16];
    private int _lastCount;

    /// <summary>Creates a display of the given logical size.</summary>
    public MemoryDisplayOutput(int width = 800, int height = 480)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        _pixels = new byte[width * height * 4];
    }

    /// <inheritdoc/>
    public int Width { get; }

    /// <inheritdoc/>
    public int Height { get; }

    /// <inheritdoc/>
    public string Description => $"memory {Width}x{Height} BGRA8888";

    /// <inheritdoc/>
    public long BytesFlushed { get; private set; }

    /// <summary>How many times <see cref="Flush"/> was called.</summary>
    public int FlushCount { get; private set; }

    /// <summary>Rectangles of the last flush.</summary>
    public ReadOnlySpan<PixelRect> LastFlushRects => new(_lastRects, 0, _lastCount);

    /// <summary>What the display shows, BGRA8888, Width*4 bytes per row.</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <inheritdoc/>
    public void Flush(ReadOnlySpan<byte> bgraBackBuffer, int backBufferStrideBytes, ReadOnlySpan<PixelRect> dirty)
    {
        int stride = Width * 4;
        if (_lastRects.Length < dirty.Length)
        {
            _lastRects = new PixelRect[dirty.Length];
        }

        foreach (PixelRect r in dirty)
        {
            for (int y = r.Y; y < r.Bottom; y++)
            {
                bgraBackBuffer.Slice((y * backBufferStrideBytes) + (r.X * 4), r.Width * 4)
                    .CopyTo(_pixels.AsSpan((y * stride) + (r.X * 4), r.Width * 4));
            }

            BytesFlushed += r.Area * 4;
        }

        dirty.CopyTo(_lastRects);
        _lastCount = dirty.Length;
        FlushCount++;
    }

    /// <summary>Returns the colour of one displayed pixel.</summary>
    public SKColor GetPixel(int x, int y)
    {
        int i = ((y * Width) + x) * 4;
        return new SKColor(_pixels[i + 2], _pixels[i + 1], _pixels[i], _pixels[i + 3]);
    }

    /// <summary>The displayed pixels as a PNG file's bytes.</summary>
    public byte[] ToPng()
    {
        var info = new SKImageInfo(Width, Height, SKColorType.Bgra8888, SKAlphaType.Premul);
        using SKData raw = SKData.CreateCopy(_pixels);
        using SKImage image = SKImage.FromPixels(info, raw, Width * 4);
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
