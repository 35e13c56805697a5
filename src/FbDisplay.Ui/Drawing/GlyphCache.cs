using SkiaSharp;

namespace FbDisplay.Ui.Drawing;

/// <summary>
/// One text blob and advance per character, per typeface and size, created the first time the character is drawn.
/// Text is then drawn glyph by glyph from cached blobs, so changing a label's text allocates nothing once its
/// characters have been seen (digits, units and signs are seen on the first frame). Kerning is not applied: the
/// display shows numbers and short labels, where tabular advances are what we want anyway. UI thread only.
/// </summary>
internal sealed class GlyphCache : IDisposable
{
    private static readonly Dictionary<(SKTypeface Typeface, float Size), GlyphCache> Caches = [];
    private readonly SKFont _font;
    private readonly Dictionary<char, (SKTextBlob? Blob, float Advance)> _glyphs = [];

    private GlyphCache(SKTypeface typeface, float size)
    {
        _font = new SKFont(typeface, size) { Subpixel = true, Edging = SKFontEdging.Antialias, Hinting = SKFontHinting.Slight };
    }

    public static GlyphCache For(SKTypeface typeface, float size)
    {
        if (!Caches.TryGetValue((typeface, size), out GlyphCache? cache))
        {
            cache = new GlyphCache(typeface, size);
            Caches[(typeface, size)] = cache;
        }

        return cache;
    }

    public float Measure(ReadOnlySpan<char> text)
    {
        float w = 0;
        foreach (char c in text)
        {
            w += Get(c).Advance;
        }

        return w;
    }

    public void Draw(SKCanvas canvas, ReadOnlySpan<char> text, float x, float baselineY, SKPaint paint)
    {
        foreach (char c in text)
        {
            (SKTextBlob? blob, float advance) = Get(c);
            if (blob is not null)
            {
                canvas.DrawText(blob, x, baselineY, paint);
            }

            x += advance;
        }
    }

    public void Dispose()
    {
        foreach ((SKTextBlob? blob, _) in _glyphs.Values)
        {
            blob?.Dispose();
        }

        _glyphs.Clear();
        _font.Dispose();
    }

    private (SKTextBlob? Blob, float Advance) Get(char c)
    {
        if (!_glyphs.TryGetValue(c, out (SKTextBlob? Blob, float Advance) glyph))
        {
            ReadOnlySpan<char> one = [c];
            glyph = (c == ' ' ? null : SKTextBlob.Create(one, _font), _font.MeasureText(one));
            _glyphs[c] = glyph;
        }

        return glyph;
    }
}
