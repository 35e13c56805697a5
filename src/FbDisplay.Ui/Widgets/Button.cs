using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>A touch button with text, an icon, or both. Shows a pressed state while the finger is on it.</summary>
public sealed class Button : Widget
{
    private readonly TextRun _run;
    private readonly SKPaint _fill = new() { IsAntialias = true, Style = SKPaintStyle.Fill };
    private readonly SKPaint _border = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f };
    private readonly SKPaint _text = new() { IsAntialias = true };
    private readonly SKPaint _icon = new() { IsAntialias = true };
    private IconKind _iconKind;
    private bool _pressed;
    private bool _flat;
    private SKColor _foreground = Theme.Text;
    private readonly float _size;

    /// <summary>Creates a button.</summary>
    public Button(PixelRect bounds, string text = "", IconKind icon = IconKind.None, float size = Theme.TextSize)
        : base(bounds)
    {
        _run = new TextRun(Fonts.Bold, size);
        _size = size;
        _run.Set(text);
        _iconKind = icon;
        FitText();
    }

    /// <summary>Raised on a tap (or when a long press is released, if <see cref="ClickOnLongPress"/>).</summary>
    public event EventHandler? Clicked;

    /// <summary>Raised once when the button is held for the long-press time.</summary>
    public event EventHandler? LongPressed;

    /// <summary>The label text.</summary>
    public ReadOnlySpan<char> Text => _run.Text;

    /// <summary>True while a finger holds the button.</summary>
    public bool IsPressed => _pressed;

    /// <summary>A flat button draws no face or border, only its text/icon (for the gear and arrow icons).</summary>
    public bool Flat
    {
        get => _flat;
        set => Set(ref _flat, value);
    }

    /// <summary>The icon, drawn left of the text or centred if there is no text.</summary>
    public IconKind Icon
    {
        get => _iconKind;
        set => Set(ref _iconKind, value);
    }

    /// <summary>Text and icon colour.</summary>
    public SKColor Foreground
    {
        get => _foreground;
        set => Set(ref _foreground, value);
    }

    /// <summary>Whether releasing after a long press also counts as a click.</summary>
    public bool ClickOnLongPress { get; set; }

    /// <summary>Sets the label; invalidates only on change.</summary>
    public bool SetText(ReadOnlySpan<char> text)
    {
        if (!_run.Set(text))
        {
            return false;
        }

        FitText();
        Invalidate();
        return true;
    }

    private float IconRoom => _iconKind == IconKind.None ? 0f : MathF.Min(Bounds.Height * 0.55f, 28f) + 8f;

    /// <summary>A label a little too long for the button (a longer word in another language) is set up to a fifth smaller.</summary>
    private void FitText()
    {
        _run.Size = _size;
        float room = Bounds.Width - 12f - IconRoom;
        while (_run.Width > room && _run.Size > _size * 0.8f)
        {
            _run.Size -= 1f;
        }
    }

    /// <summary>Raises <see cref="Clicked"/> as if tapped.</summary>
    public void PerformClick() => Clicked?.Invoke(this, EventArgs.Empty);

    /// <inheritdoc/>
    public override bool OnGesture(in Gesture gesture)
    {
        switch (gesture.Kind)
        {
            case GestureKind.Down:
                SetPressed(true);
                return true;
            case GestureKind.Tap:
                SetPressed(false);
                PerformClick();
                return true;
            case GestureKind.LongPress:
                LongPressed?.Invoke(this, EventArgs.Empty);
                return true;
            case GestureKind.Release:
                bool wasLong = _pressed && ClickOnLongPress;
                SetPressed(false);
                if (wasLong && Bounds.Contains(gesture.X, gesture.Y))
                {
                    PerformClick();
                }

                return true;
            case GestureKind.DragStart:
                // Sliding off a button cancels it, as on a phone.
                SetPressed(false);
                return true;
            default:
                return true;
        }
    }

    /// <inheritdoc/>
    public override void FindOverflows(ICollection<TextOverflow> into)
    {
        if (!Visible || _run.Text.Length == 0)
        {
            return;
        }

        CheckFits(into, _run.Text, IconRoom + _run.Width, Bounds.Width - 12f);
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        SKRect box = BoundsRect;
        if (!_flat)
        {
            var face = new SKRect(box.Left + 1, box.Top + 1, box.Right - 1, box.Bottom - 1);
            _fill.Color = _pressed ? Theme.ButtonPressed : Theme.ButtonFace;
            canvas.DrawRoundRect(face, Theme.CornerRadius, Theme.CornerRadius, _fill);
            _border.Color = _pressed ? Theme.Accent : Theme.PanelBorder;
            canvas.DrawRoundRect(face, Theme.CornerRadius, Theme.CornerRadius, _border);
        }
        else if (_pressed)
        {
            _fill.Color = Theme.ButtonPressed;
            canvas.DrawRoundRect(box, Theme.CornerRadius, Theme.CornerRadius, _fill);
        }

        SKColor fg = Enabled ? _foreground : Theme.TextDisabled;
        _text.Color = fg;
        _icon.Color = fg;
        bool hasText = _run.Text.Length > 0;
        if (_iconKind != IconKind.None)
        {
            float iconSize = hasText ? MathF.Min(box.Height * 0.55f, 28f) : MathF.Min(box.Width, box.Height) * 0.7f;
            float gap = 8f;
            float total = hasText ? iconSize + gap + _run.Width : iconSize;
            float left = box.MidX - (total / 2f);
            var iconBox = new SKRect(left, box.MidY - (iconSize / 2f), left + iconSize, box.MidY + (iconSize / 2f));
            Icons.Draw(canvas, _iconKind, iconBox, _icon);
            if (hasText)
            {
                _run.DrawIn(canvas, new SKRect(iconBox.Right + gap, box.Top, box.Right, box.Bottom), TextAlign.Left, _text);
            }
        }
        else if (hasText)
        {
            _run.DrawIn(canvas, box, TextAlign.Center, _text);
        }
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
            _icon.Dispose();
        }
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
