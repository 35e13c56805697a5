using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>
/// A one-line text value in a box that opens the on-screen keyboard when tapped (IDs, broker, addresses). Shows a
/// placeholder when empty and dots when <see cref="Masked"/>.
/// </summary>
public sealed class TextField : Widget
{
    private readonly TextRun _run = new(Fonts.Regular, Theme.TextSize + 2f, 64);
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _border = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f };
    private readonly SKPaint _text = new() { IsAntialias = true };

    // Its own paint: Icons.Draw sets the paint's style to a stroke, which drew the text of every later frame outlined
    // (bold-looking placeholders and values once the field had been redrawn, seen on the appliance's network page).
    private readonly SKPaint _chevron = new() { IsAntialias = true, Color = Theme.TextDim };
    private string _value = "";
    private string _placeholder = "";
    private bool _pressed;

    /// <summary>Creates a field.</summary>
    public TextField(PixelRect bounds, string placeholder = "")
        : base(bounds)
    {
        _placeholder = placeholder;
        Refresh();
    }

    /// <summary>Raised on a tap: the owner opens the keyboard.</summary>
    public event EventHandler? Clicked;

    /// <summary>The text.</summary>
    public string Value
    {
        get => _value;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (_value != value)
            {
                _value = value;
                Refresh();
            }
        }
    }

    /// <summary>Shown dimmed while the value is empty.</summary>
    public string Placeholder
    {
        get => _placeholder;
        set
        {
            _placeholder = value ?? "";
            Refresh();
        }
    }

    /// <summary>Draws one dot per character (passwords).</summary>
    public bool Masked { get; init; }

    /// <summary>What the box draws: the value, its dots, or the placeholder.</summary>
    public ReadOnlySpan<char> ShownText => _run.Text;

    /// <inheritdoc/>
    public override bool OnGesture(in Gesture gesture)
    {
        switch (gesture.Kind)
        {
            case GestureKind.Down:
                SetPressed(true);
                break;
            case GestureKind.Tap:
                SetPressed(false);
                Clicked?.Invoke(this, EventArgs.Empty);
                break;
            case GestureKind.DragStart or GestureKind.Release or GestureKind.DragEnd:
                SetPressed(false);
                break;
        }

        return true;
    }

    /// <inheritdoc/>
    public override void FindOverflows(ICollection<TextOverflow> into)
    {
        if (Visible)
        {
            CheckFits(into, _run.Text, _run.Width, Bounds.Width - 42f);
        }
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        SKRect box = BoundsRect;
        box.Inflate(-1f, -1f);
        _fill.Color = _pressed ? Theme.ButtonPressed : Theme.Panel;
        canvas.DrawRoundRect(box, Theme.CornerRadius, Theme.CornerRadius, _fill);
        _border.Color = _pressed ? Theme.Accent : Theme.PanelBorder;
        canvas.DrawRoundRect(box, Theme.CornerRadius, Theme.CornerRadius, _border);
        _text.Color = !Enabled ? Theme.TextDisabled : _value.Length == 0 ? Theme.TextDisabled : Theme.Text;
        var inner = new SKRect(box.Left + 12f, box.Top, box.Right - 30f, box.Bottom);
        canvas.Save();
        canvas.ClipRect(inner);
        _run.DrawIn(canvas, inner, TextAlign.Left, _text);
        canvas.Restore();

        // A small pencil-like chevron says "tap to edit".
        Icons.Draw(canvas, IconKind.ArrowRight, new SKRect(box.Right - 28f, box.MidY - 9f, box.Right - 10f, box.MidY + 9f), _chevron);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _run.Dispose();
            _fill.Dispose();
            _border.Dispose();
            _text.Dispose();
            _chevron.Dispose();
        }
    }

    private void Refresh()
    {
        if (_value.Length == 0)
        {
            _run.Set(_placeholder);
        }
        else if (Masked)
        {
            Span<char> dots = stackalloc char[Math.Min(_value.Length, 64)];
            dots.Fill('•');
            _run.Set(dots);
        }
        else
        {
            _run.Set(_value);

            // Too long for the box: keep the start (the part that says what it is) and end with an ellipsis.
            float room = Bounds.Width - 44f;
            if (_run.Width > room && room > 0)
            {
                int keep = _value.Length;
                while (keep > 1 && _run.Width > room)
                {
                    keep--;
                    _run.Set(string.Concat(_value.AsSpan(0, keep), "…"));
                }
            }
        }

        Invalidate();
    }

    private void SetPressed(bool pressed)
    {
        if (_pressed != pressed)
        {
            _pressed = pressed;
            Invalidate();
        }
    }
}
