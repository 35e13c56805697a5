using FbDisplay.Ui.Interop;
using SkiaSharp;

namespace FbDisplay.Ui.Drawing;

/// <summary>
/// One glyph and advance per character, per typeface and size, looked up the first time the character is used. A
/// line of text becomes one native text blob with a position per glyph (see <see cref="BuildBlob"/>), so changing a
/// label's text allocates nothing managed, and drawing it is one draw call rather than one per character. Kerning is
/// not applied: the display shows numbers and short labels, where tabular advances are what we want anyway. UI
/// thread only.
/// </summary>
internal sealed unsafe class GlyphCache : IDisposable
{
    private static readonly Dictionary<(SKTypeface Typeface, float Size), GlyphCache> Caches = [];
    private static nint s_builder;
    private readonly SKFont _font;
    private readonly Dictionary<char, (ushort Glyph, float Advance)> _glyphs = [];

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

    /// <summary>
    /// A new blob reference (zero when nothing has ink) of <paramref name="text"/> with its first glyph's origin at
    /// (<paramref name="x"/>, <paramref name="baselineY"/>), to be drawn at (0, 0): each glyph sits where drawing the
    /// characters one by one, advance after advance, would put it, and spaces only advance.
    /// </summary>
    public nint BuildBlob(ReadOnlySpan<char> text, float x, float baselineY)
    {
        int count = 0;
        foreach (char c in text)
        {
            _ = Get(c);
            count += c == ' ' ? 0 : 1;
        }

        if (count == 0)
        {
            return 0;
        }

        if (s_builder == 0)
        {
            s_builder = SkiaInterop.sk_textblob_builder_new();
        }

        SkiaInterop.RunBuffer run;
        SkiaInterop.sk_textblob_builder_alloc_run_pos(s_builder, _font.Handle, count, null, &run);
        int i = 0;
        foreach (char c in text)
        {
            (ushort glyph, float advance) = Get(c);
            if (c != ' ')
            {
                run.Glyphs[i] = glyph;
                run.Positions[i] = new SKPoint(x, baselineY);
                i++;
            }

            x += advance;
        }

        nint blob = SkiaInterop.sk_textblob_builder_make(s_builder);
        GC.KeepAlive(_font);
        return blob;
    }

    public void Dispose()
    {
        _glyphs.Clear();
        _font.Dispose();
    }

    private (ushort Glyph, float Advance) Get(char c)
    {
        if (!_glyphs.TryGetValue(c, out (ushort Glyph, float Advance) glyph))
        {
            ReadOnlySpan<char> one = [c];
            glyph = (_font.GetGlyph(c), _font.MeasureText(one));
            _glyphs[c] = glyph;
        }

        return glyph;
    }
}
