using SkiaSharp;

namespace FbDisplay.Ui.Drawing;

/// <summary>Colours and sizes of the appliance: dark, high contrast, readable at arm's length on 800x480.</summary>
public static class Theme
{
    public static readonly SKColor Background = new(0x0B, 0x0D, 0x12);
    public static readonly SKColor Panel = new(0x17, 0x1B, 0x23);
    public static readonly SKColor PanelBorder = new(0x2C, 0x33, 0x40);
    public static readonly SKColor Track = new(0x26, 0x2C, 0x38);
    public static readonly SKColor Grid = new(0x30, 0x37, 0x44);
    public static readonly SKColor Text = SKColors.White;
    public static readonly SKColor TextDim = new(0x9A, 0xA3, 0xB2);
    public static readonly SKColor TextDisabled = new(0x5A, 0x62, 0x70);

    /// <summary>The manual's blue average-cell-voltage arc.</summary>
    public static readonly SKColor Voltage = new(0x2E, 0x8B, 0xFF);

    /// <summary>Discharge: power leaving the pack (the manual's red upper half).</summary>
    public static readonly SKColor Discharge = new(0xF0, 0x3E, 0x3E);

    /// <summary>Charge: power coming into the pack.</summary>
    public static readonly SKColor Charge = new(0x3C, 0xC8, 0x5A);

    /// <summary>Warnings: a cell near a cutoff, stale data.</summary>
    public static readonly SKColor Amber = new(0xFF, 0xB3, 0x20);

    /// <summary>Buttons and selected segments.</summary>
    public static readonly SKColor Accent = new(0x2E, 0x8B, 0xFF);
    public static readonly SKColor ButtonFace = new(0x25, 0x2B, 0x36);
    public static readonly SKColor ButtonPressed = new(0x3A, 0x44, 0x55);

    public const float SmallTextSize = 14f;
    public const float TextSize = 18f;
    public const float LargeTextSize = 28f;
    public const float HugeTextSize = 44f;
    public const float CornerRadius = 6f;
}
