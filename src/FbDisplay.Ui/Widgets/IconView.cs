using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>A non-interactive icon; the battery icon shows <see cref="Level"/> as its fill.</summary>
public sealed class IconView : Widget
{
    private readonly SKPaint _paint = new() { IsAntialias = true };
    private IconKind _icon;
    private float _level = float.NaN;
    private SKColor _levelColor = Theme.Charge;

    /// <summary>Creates an icon view.</summary>
    public IconView(PixelRect bounds, IconKind icon)
        : base(bounds)
    {
        _icon = icon;
        _paint.Color = Theme.Text;
    }

    /// <summary>The icon drawn.</summary>
    public IconKind Icon
    {
        get => _icon;
        set => Set(ref _icon, value);
    }

    /// <summary>Outline colour.</summary>
    public SKColor Color
    {
        get => _paint.Color;
        set => SetColor(_paint, value);
    }

    /// <summary>Battery fill, 0..1 (NaN = outline only).</summary>
    public float Level
    {
        get => _level;
        set
        {
            if (BitConverter.SingleToInt32Bits(_level) == BitConverter.SingleToInt32Bits(value))
            {
                return;
            }

            _level = value;
            if (_icon == IconKind.Battery)
            {
                Invalidate();
            }
        }
    }

    /// <summary>Colour of the battery fill.</summary>
    public SKColor LevelColor
    {
        get => _levelColor;
        set => Set(ref _levelColor, value);
    }

    /// <inheritdoc/>
    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        if (_icon == IconKind.Battery)
        {
            Icons.DrawBattery(canvas, BoundsRect, _level, _paint, _levelColor);
        }
        else
        {
            Icons.Draw(canvas, _icon, BoundsRect, _paint);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _paint.Dispose();
        }
    }
}
