using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>What a key of the on-screen keyboard does.</summary>
public enum KeyKind : byte
{
    Character,
    Shift,
    Backspace,
    Space,
    Page,
}

/// <summary>One key: its kind, the character it types (lower case on the letter page) and its width in key units.</summary>
public readonly record struct KeyDef(KeyKind Kind, char Char, float Units = 1f);

/// <summary>
/// The keys of the on-screen keyboard: a letter page (with one-shot shift) and a digits-and-symbols page, four rows,
/// every key at least 60x56 px on an 800x480 screen. One widget draws all keys; a press highlights only its key.
/// </summary>
public sealed class KeyboardPad : Widget
{
    private const float Gap = 6f;
    private static readonly KeyDef[][] Letters =
    [
        Chars("qwertyuiop"),
        Chars("asdfghjkl"),
        [new(KeyKind.Shift, '\0', 1.5f), .. Chars("zxcvbnm"), new(KeyKind.Backspace, '\0', 1.5f)],
        [new(KeyKind.Page, '\0', 1.5f), new(KeyKind.Character, '/'), new(KeyKind.Character, ':'), new(KeyKind.Space, ' ', 3.5f), new(KeyKind.Character, '.'), new(KeyKind.Character, '-'), new(KeyKind.Character, '_')],
    ];

    private static readonly KeyDef[][] Symbols =
    [
        Chars("1234567890"),
        Chars("@#$%&*+=!"),
        [.. Chars("()'\",;?~"), new(KeyKind.Backspace, '\0', 2f)],
        [new(KeyKind.Page, '\0', 1.5f), new(KeyKind.Character, '/'), new(KeyKind.Character, ':'), new(KeyKind.Space, ' ', 3.5f), new(KeyKind.Character, '.'), new(KeyKind.Character, '-'), new(KeyKind.Character, '_')],
    ];

    private readonly SKFont _font = new(Fonts.Regular, 28f) { Subpixel = true, Edging = SKFontEdging.Antialias };
    private readonly SKFont _small = new(Fonts.Bold, Theme.TextSize) { Subpixel = true, Edging = SKFontEdging.Antialias };
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _text = new() { IsAntialias = true };
    private readonly string[] _charStrings = new string[128];
    private readonly SKRect[][] _letterRects;
    private readonly SKRect[][] _symbolRects;
    private int _page;
    private bool _shift;
    private int _pressedRow = -1;
    private int _pressedCol = -1;

    private readonly string _space;

    /// <summary>Creates the keys inside <paramref name="bounds"/>.</summary>
    public KeyboardPad(PixelRect bounds, string space = "space")
        : base(bounds)
    {
        _space = space;
        for (int c = 32; c < 127; c++)
        {
            _charStrings[c] = ((char)c).ToString();
        }

        _letterRects = Layout(Letters);
        _symbolRects = Layout(Symbols);
    }

    /// <summary>Raised for a character, space, or backspace (shift and page keys are handled here).</summary>
    public event EventHandler<KeyDef>? KeyPressed;

    /// <summary>0 = letters, 1 = digits and symbols.</summary>
    public int Page
    {
        get => _page;
        set
        {
            int p = value == 0 ? 0 : 1;
            if (p != _page)
            {
                _page = p;
                Invalidate();
            }
        }
    }

    /// <summary>True when the next letter is typed in capitals.</summary>
    public bool Shift
    {
        get => _shift;
        set
        {
            if (_shift != value)
            {
                _shift = value;
                if (_page == 0)
                {
                    Invalidate();
                }
            }
        }
    }

    /// <summary>The screen rectangle of the first key that types <paramref name="c"/> (or of a special key) on the current page.</summary>
    public PixelRect KeyRect(KeyKind kind, char c = '\0')
    {
        KeyDef[][] rows = _page == 0 ? Letters : Symbols;
        SKRect[][] rects = _page == 0 ? _letterRects : _symbolRects;
        char lower = char.ToLowerInvariant(c);
        for (int r = 0; r < rows.Length; r++)
        {
            for (int k = 0; k < rows[r].Length; k++)
            {
                KeyDef key = rows[r][k];
                if (key.Kind == kind && (kind != KeyKind.Character || key.Char == lower))
                {
                    SKRect s = rects[r][k];
                    return PixelRect.FromEdges((int)s.Left, (int)s.Top, (int)s.Right, (int)s.Bottom);
                }
            }
        }

        return default;
    }

    /// <inheritdoc/>
    public override bool OnGesture(in Gesture gesture)
    {
        switch (gesture.Kind)
        {
            case GestureKind.Down:
                (int row, int col) = Find(gesture.X, gesture.Y);
                SetPressed(row, col);
                break;
            case GestureKind.Tap:
                (int r, int c) = Find(gesture.StartX, gesture.StartY);
                SetPressed(-1, -1);
                if (r >= 0)
                {
                    Press((_page == 0 ? Letters : Symbols)[r][c]);
                }

                break;
            default:
                if (gesture.EndsTouch || gesture.Kind == GestureKind.DragStart)
                {
                    SetPressed(-1, -1);
                }

                break;
        }

        return true;
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        KeyDef[][] rows = _page == 0 ? Letters : Symbols;
        SKRect[][] rects = _page == 0 ? _letterRects : _symbolRects;
        var clipRect = new SKRect(clip.X, clip.Y, clip.Right, clip.Bottom);
        for (int r = 0; r < rows.Length; r++)
        {
            for (int k = 0; k < rows[r].Length; k++)
            {
                SKRect box = rects[r][k];
                if (!box.IntersectsWith(clipRect))
                {
                    continue;
                }

                KeyDef key = rows[r][k];
                bool pressed = r == _pressedRow && k == _pressedCol;
                bool special = key.Kind is KeyKind.Shift or KeyKind.Backspace or KeyKind.Page;
                _fill.Color = pressed ? Theme.Accent
                    : key.Kind == KeyKind.Shift && _shift ? Theme.Accent
                    : special ? Theme.ButtonPressed : Theme.ButtonFace;
                canvas.DrawRoundRect(box, Theme.CornerRadius, Theme.CornerRadius, _fill);
                _text.Color = Theme.Text;
                switch (key.Kind)
                {
                    case KeyKind.Character:
                        char ch = _page == 0 && _shift ? char.ToUpperInvariant(key.Char) : key.Char;
                        DrawCentered(canvas, _charStrings[ch], box, _font);
                        break;
                    case KeyKind.Shift:
                        DrawCentered(canvas, "⇧", box, _font);
                        break;
                    case KeyKind.Backspace:
                        DrawCentered(canvas, "⌫", box, _font);
                        break;
                    case KeyKind.Page:
                        DrawCentered(canvas, _page == 0 ? "?123" : "ABC", box, _small);
                        break;
                    case KeyKind.Space:
                        _text.Color = Theme.TextDim;
                        DrawCentered(canvas, _space, box, _small);
                        break;
                }
            }
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _font.Dispose();
            _small.Dispose();
            _fill.Dispose();
            _text.Dispose();
        }
    }

    private static KeyDef[] Chars(string s)
    {
        var keys = new KeyDef[s.Length];
        for (int i = 0; i < s.Length; i++)
        {
            keys[i] = new KeyDef(KeyKind.Character, s[i]);
        }

        return keys;
    }

    private void DrawCentered(SKCanvas canvas, string s, SKRect box, SKFont font)
    {
        float w = font.MeasureText(s);
        float cap = font.Metrics.CapHeight;
        canvas.DrawText(s, MathF.Round(box.MidX - (w / 2f)), MathF.Round(box.MidY + (cap / 2f)), SKTextAlign.Left, font, _text);
    }

    private SKRect[][] Layout(KeyDef[][] rows)
    {
        float unit = (Bounds.Width - (9 * Gap)) / 10f;
        float rowHeight = (Bounds.Height - ((rows.Length - 1) * Gap)) / rows.Length;
        var result = new SKRect[rows.Length][];
        for (int r = 0; r < rows.Length; r++)
        {
            KeyDef[] row = rows[r];
            float units = 0;
            foreach (KeyDef k in row)
            {
                units += k.Units;
            }

            // A key of u units spans u unit widths and the u-1 gaps inside it.
            float width = (units * unit) + ((units - 1f) * Gap);
            float x = Bounds.X + ((Bounds.Width - width) / 2f);
            float y = Bounds.Y + (r * (rowHeight + Gap));
            result[r] = new SKRect[row.Length];
            for (int k = 0; k < row.Length; k++)
            {
                // Keys wider than one unit also swallow the gaps they span, so rows line up.
                float w = (row[k].Units * unit) + ((row[k].Units - 1f) * Gap);
                result[r][k] = new SKRect(MathF.Round(x), MathF.Round(y), MathF.Round(x + w), MathF.Round(y + rowHeight));
                x += w + Gap;
            }
        }

        return result;
    }

    private (int Row, int Col) Find(int x, int y)
    {
        SKRect[][] rects = _page == 0 ? _letterRects : _symbolRects;
        for (int r = 0; r < rects.Length; r++)
        {
            for (int k = 0; k < rects[r].Length; k++)
            {
                SKRect b = rects[r][k];

                // Half the gap around each key counts as the key: no dead strips between fingers' targets.
                if (x >= b.Left - (Gap / 2f) && x < b.Right + (Gap / 2f) && y >= b.Top - (Gap / 2f) && y < b.Bottom + (Gap / 2f))
                {
                    return (r, k);
                }
            }
        }

        return (-1, -1);
    }

    private void Press(KeyDef key)
    {
        switch (key.Kind)
        {
            case KeyKind.Shift:
                Shift = !_shift;
                return;
            case KeyKind.Page:
                Page = 1 - _page;
                return;
            case KeyKind.Character when _page == 0 && _shift:
                KeyPressed?.Invoke(this, key with { Char = char.ToUpperInvariant(key.Char) });
                Shift = false;
                return;
            default:
                KeyPressed?.Invoke(this, key);
                return;
        }
    }

    private void SetPressed(int row, int col)
    {
        if (row == _pressedRow && col == _pressedCol)
        {
            return;
        }

        InvalidateKey(_pressedRow, _pressedCol);
        _pressedRow = row;
        _pressedCol = col;
        InvalidateKey(row, col);
    }

    private void InvalidateKey(int row, int col)
    {
        if (row < 0)
        {
            return;
        }

        SKRect b = (_page == 0 ? _letterRects : _symbolRects)[row][col];
        Invalidate(PixelRect.FromEdges((int)b.Left, (int)b.Top, (int)MathF.Ceiling(b.Right), (int)MathF.Ceiling(b.Bottom)));
    }
}
