using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>One line of text in a box. Invalidates only when the characters or colour actually change.</summary>
public sealed class Label : Widget
{
    private readonly TextRun _run;
    private readonly SKPaint _paint = new() { IsAntialias = true };
    private TextAlign _align;

    /// <summary>Creates a label.</summary>
    public Label(PixelRect bounds, string text = "", float size = Theme.TextSize, bool bold = false, TextAlign align = TextAlign.Left)
        : base(bounds)
    {
        _run = new TextRun(bold ? Fonts.Bold : Fonts.Regular, size);
        _run.Set(text);
        _align = align;
        _paint.Color = Theme.Text;
    }

    /// <summary>The current text.</summary>
    public ReadOnlySpan<char> Text => _run.Text;

    /// <summary>Width of the text in pixels.</summary>
    public float TextWidth => _run.Width;

    /// <summary>Text colour.</summary>
    public SKColor Color
    {
        get => _paint.Color;
        set => SetColor(_paint, value);
    }

    /// <summary>Horizontal alignment in the bounds.</summary>
    public TextAlign Align
    {
        get => _align;
        set => Set(ref _align, value);
    }

    /// <summary>Font size in pixels.</summary>
    public float FontSize
    {
        get => _run.Size;
        set
        {
            if (_run.Size != value)
            {
                _run.Size = value;
                Invalidate();
            }
        }
    }

    /// <summary>Sets the text; returns true (and invalidates) only if it changed.</summary>
    public bool SetText(ReadOnlySpan<char> text)
    {
        if (!_run.Set(text))
        {
            return false;
        }

        Invalidate();
        return true;
    }

    /// <summary>
    /// Sets a sentence of any length (the main screen's message line): where it is wider than the box it is cut at the
    /// end with an ellipsis, so it never runs over its neighbours. Measures only when the text changes.
    /// </summary>
    public bool SetTextCut(ReadOnlySpan<char> text)
    {
        bool changed = _run.Set(text);
        if (_run.Width > Bounds.Width && text.Length > 1)
        {
            char[] buffer = new char[text.Length]; // rare: a new sentence too long for its line
            int fits = 0;
            int tooLong = text.Length;
            while (tooLong - fits > 1)
            {
                int mid = (fits + tooLong) / 2;
                _run.Set(Cut(text, mid, buffer));
                if (_run.Width <= Bounds.Width)
                {
                    fits = mid;
                }
                else
                {
                    tooLong = mid;
                }
            }

            _run.Set(Cut(text, fits, buffer));
            changed = true;
        }

        if (changed)
        {
            Invalidate();
        }

        return changed;
    }

    private static ReadOnlySpan<char> Cut(ReadOnlySpan<char> text, int length, char[] into)
    {
        ReadOnlySpan<char> head = text[..length].TrimEnd();
        head.CopyTo(into);
        into[head.Length] = '\u2026';
        return into.AsSpan(0, head.Length + 1);
    }

    /// <summary>Formats a number into the label's own buffer (no string is allocated); invalidates only on change.</summary>
    public bool SetNumber(float value, ReadOnlySpan<char> format, ReadOnlySpan<char> suffix = default, IFormatProvider? provider = null)
    {
        if (!_run.SetNumber(value, format, suffix, provider))
        {
            return false;
        }

        Invalidate();
        return true;
    }

    /// <inheritdoc/>
    public override void FindOverflows(ICollection<TextOverflow> into)
    {
        if (Visible)
        {
            CheckFits(into, _run.Text, _run.Width, Bounds.Width);
        }
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        _run.DrawIn(canvas, BoundsRect, _align, _paint);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _run.Dispose();
            _paint.Dispose();
        }
    }
}
