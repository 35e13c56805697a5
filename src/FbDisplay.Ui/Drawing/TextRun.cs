using System.Globalization;
using FbDisplay.Ui.Interop;
using SkiaSharp;

namespace FbDisplay.Ui.Drawing;

/// <summary>
/// A line of text held in a reusable char buffer, laid out into one native text blob when it is drawn after a change
/// (or at another place), and drawn from that blob until then. Setting the same characters again is free: nothing is
/// allocated and <see cref="Set(ReadOnlySpan{char})"/> says "unchanged".
/// </summary>
public sealed class TextRun : IDisposable
{
    private readonly SKFont _font;
    private char[] _chars;
    private int _length;
    private GlyphCache _glyphs;
    private bool _widthStale = true;
    private float _width;
    private readonly TextBlobHandle _blob = new();
    private bool _blobStale = true;
    private float _blobX;
    private float _blobY;

    /// <summary>Creates an empty run in the given typeface and size.</summary>
    public TextRun(SKTypeface typeface, float size, int capacity = 32)
    {
        _font = new SKFont(typeface, size) { Subpixel = true, Edging = SKFontEdging.Antialias, Hinting = SKFontHinting.Slight };
        _glyphs = GlyphCache.For(typeface, size);
        _chars = new char[capacity];
    }

    /// <summary>The current text.</summary>
    public ReadOnlySpan<char> Text => new(_chars, 0, _length);

    /// <summary>The font the run is drawn with.</summary>
    public SKFont Font => _font;

    /// <summary>Advance width of the text in pixels.</summary>
    public float Width
    {
        get
        {
            EnsureShaped();
            return _width;
        }
    }

    /// <summary>Distance from the top of the line to the baseline, for vertical centring of digits and capitals.</summary>
    public float CapHeight => _font.Metrics.CapHeight;

    /// <summary>Font size in pixels. Changing it reshapes the text.</summary>
    public float Size
    {
        get => _font.Size;
        set
        {
            if (_font.Size != value)
            {
                _font.Size = value;
                _glyphs = GlyphCache.For(_font.Typeface, value);
                _widthStale = true;
                _blobStale = true;
            }
        }
    }

    /// <summary>Sets the text; returns true if it differs from what was there.</summary>
    public bool Set(ReadOnlySpan<char> text)
    {
        if (text.SequenceEqual(Text))
        {
            return false;
        }

        if (text.Length > _chars.Length)
        {
            // Rare: a longer text than ever before. Grow once and keep the larger buffer.
            _chars = new char[Math.Max(text.Length, _chars.Length * 2)];
        }

        text.CopyTo(_chars);
        _length = text.Length;
        _widthStale = true;
        _blobStale = true;
        return true;
    }

    /// <summary>
    /// Formats <paramref name="value"/> with <paramref name="format"/> (in <paramref name="provider"/>'s notation,
    /// invariant when null) followed by <paramref name="suffix"/>, without allocating; NaN shows as "--". Returns true if
    /// the text changed.
    /// </summary>
    public bool SetNumber(float value, ReadOnlySpan<char> format, ReadOnlySpan<char> suffix = default, IFormatProvider? provider = null)
    {
        Span<char> buffer = stackalloc char[48];
        int n;
        if (float.IsNaN(value))
        {
            "--".CopyTo(buffer);
            n = 2;
        }
        else if (!value.TryFormat(buffer, out n, format, provider ?? CultureInfo.InvariantCulture))
        {
            "####".CopyTo(buffer);
            n = 4;
        }

        // "-0" reads as a glitch on a power display.
        if (n >= 2 && buffer[0] == '-' && IsAllZeroDigits(buffer[1..n]))
        {
            buffer[1..n].CopyTo(buffer);
            n--;
        }

        int take = Math.Min(suffix.Length, buffer.Length - n);
        suffix[..take].CopyTo(buffer[n..]);
        return Set(buffer[..(n + take)]);
    }

    /// <summary>Draws the text with its left end of the baseline at (<paramref name="x"/>, <paramref name="baselineY"/>).</summary>
    public void Draw(SKCanvas canvas, float x, float baselineY, SKPaint paint)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        ArgumentNullException.ThrowIfNull(paint);
        if (_blobStale || x != _blobX || baselineY != _blobY)
        {
            _blob.Replace(_glyphs.BuildBlob(Text, x, baselineY));
            _blobStale = false;
            _blobX = x;
            _blobY = baselineY;
        }

        if (_blob.Blob != 0)
        {
            SkiaInterop.sk_canvas_draw_text_blob(canvas.Handle, _blob.Blob, 0f, 0f, paint.Handle);
            GC.KeepAlive(canvas);
            GC.KeepAlive(paint);
        }
    }

    /// <summary>Draws the text aligned inside <paramref name="box"/>, vertically centred on its capital height.</summary>
    public void DrawIn(SKCanvas canvas, SKRect box, TextAlign align, SKPaint paint)
    {
        float w = Width;
        float x = align switch
        {
            TextAlign.Left => box.Left,
            TextAlign.Right => box.Right - w,
            _ => box.MidX - (w / 2f),
        };
        float baseline = box.MidY + (CapHeight / 2f);
        Draw(canvas, MathF.Round(x), MathF.Round(baseline), paint);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        // Glyph caches are shared per typeface and size and live with the process.
        _font.Dispose();
        _blob.Dispose();
    }

    private static bool IsAllZeroDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (c is not ('0' or '.' or ','))
            {
                return false;
            }
        }

        return true;
    }

    private void EnsureShaped()
    {
        if (_widthStale)
        {
            _width = _glyphs.Measure(Text);
            _widthStale = false;
        }
    }
}

/// <summary>Horizontal placement of text in its box.</summary>
public enum TextAlign : byte
{
    Left,
    Center,
    Right,
}
