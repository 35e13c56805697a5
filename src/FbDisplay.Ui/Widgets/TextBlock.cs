using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>Several lines of text (split at '\n'), optionally on a panel. Text changes are rare (About, dialogs).</summary>
public sealed class TextBlock : Widget
{
    private readonly SKFont _font;
    private readonly SKPaint _paint = new() { IsAntialias = true };
    private readonly SKPaint _panel = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private string _text = "";
    private string[] _lines = [];
    private string[][] _cells = [];

    /// <summary>Creates a text block.</summary>
    public TextBlock(PixelRect bounds, string text = "", float size = Theme.TextSize, bool bold = false)
        : base(bounds)
    {
        _font = new SKFont(bold ? Fonts.Bold : Fonts.Regular, size) { Subpixel = true, Edging = SKFontEdging.Antialias };
        _paint.Color = Theme.Text;
        Text = text;
    }

    /// <summary>Whether a rounded panel is drawn behind the text.</summary>
    public bool ShowPanel { get; init; }

    /// <summary>Space between lines as a multiple of the font size.</summary>
    public float LineSpacing { get; init; } = 1.45f;

    /// <summary>Empty pixels inside the bounds.</summary>
    public int Padding { get; init; }

    /// <summary>
    /// Column starts in pixels from the left padding: a line's '\t'-separated parts are drawn at them, so columns
    /// line up in a proportional font. Null: tabs are not special.
    /// </summary>
    public float[]? TabStops { get; init; }

    /// <summary>Horizontal alignment of each line.</summary>
    public TextAlign Align { get; init; } = TextAlign.Left;

    /// <summary>Text colour.</summary>
    public SKColor Color
    {
        get => _paint.Color;
        set => SetColor(_paint, value);
    }

    /// <summary>The text; '\n' starts a new line.</summary>
    public string Text
    {
        get => _text;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_text != value)
            {
                _text = value;
                _lines = value.Length == 0 ? [] : value.Split('\n');
                _cells = TabStops is null ? [] : Array.ConvertAll(_lines, l => l.Split('\t'));
                Invalidate();
            }
        }
    }

    /// <inheritdoc/>
    public override void FindOverflows(ICollection<TextOverflow> into)
    {
        if (!Visible)
        {
            return;
        }

        float left = Bounds.X + Padding;
        float right = Bounds.Right - Padding;
        for (int i = 0; i < _lines.Length; i++)
        {
            if (TabStops is { } stops && _cells[i].Length > 1)
            {
                string[] cells = _cells[i];
                for (int c = 0; c < cells.Length; c++)
                {
                    float cx = left + (c == 0 ? 0 : stops[Math.Min(c - 1, stops.Length - 1)]);
                    float next = c < stops.Length && c < cells.Length - 1 ? left + stops[c] - 8f : right;
                    CheckFits(into, cells[c], _font.MeasureText(cells[c]), next - cx);
                }
            }
            else
            {
                CheckFits(into, _lines[i], _font.MeasureText(_lines[i]), right - left);
            }
        }

        // The last line's descenders must stay inside the box too.
        float bottom = Bounds.Y + Padding + _font.Size + ((_lines.Length - 1) * _font.Size * LineSpacing) + (_font.Size * 0.25f);
        if (_lines.Length > 0)
        {
            CheckFits(into, _lines[^1], bottom - Bounds.Y, Bounds.Height);
        }
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        if (ShowPanel)
        {
            _panel.Color = Theme.Panel;
            canvas.DrawRoundRect(BoundsRect, Theme.CornerRadius, Theme.CornerRadius, _panel);
        }

        float lineHeight = _font.Size * LineSpacing;
        float y = Bounds.Y + Padding + _font.Size;
        float left = Bounds.X + Padding;
        float right = Bounds.Right - Padding;
        for (int i = 0; i < _lines.Length; i++)
        {
            string line = _lines[i];
            if (TabStops is { } stops && _cells[i].Length > 1)
            {
                string[] cells = _cells[i];
                for (int c = 0; c < cells.Length; c++)
                {
                    float cx = left + (c == 0 ? 0 : stops[Math.Min(c - 1, stops.Length - 1)]);
                    canvas.DrawText(cells[c], MathF.Round(cx), MathF.Round(y), SKTextAlign.Left, _font, _paint);
                }

                y += lineHeight;
                continue;
            }

            float w = _font.MeasureText(line);
            float x = Align switch
            {
                TextAlign.Center => ((left + right) / 2f) - (w / 2f),
                TextAlign.Right => right - w,
                _ => left,
            };
            canvas.DrawText(line, MathF.Round(x), MathF.Round(y), SKTextAlign.Left, _font, _paint);
            y += lineHeight;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _font.Dispose();
            _paint.Dispose();
            _panel.Dispose();
        }
    }
}
