using FbDisplay.Core.Display;
using SkiaSharp;

namespace FbDisplay.Ui.Drawing;

/// <summary>
/// The rounded panel behind a chart, drawn opaque: the background goes only into the four corner squares the
/// rounding leaves, so the screen need not fill the background under the whole panel first.
/// </summary>
internal static class PanelPainter
{
    /// <summary>Paints the corners with <paramref name="background"/>, then the panel over the bounds.</summary>
    public static void Draw(SKCanvas canvas, in PixelRect bounds, SKColor background, SKPaint fill, SKPaint corner)
    {
        int k = (int)MathF.Ceiling(Theme.CornerRadius);
        corner.Color = background;
        canvas.DrawRect(bounds.X, bounds.Y, k, k, corner);
        canvas.DrawRect(bounds.Right - k, bounds.Y, k, k, corner);
        canvas.DrawRect(bounds.X, bounds.Bottom - k, k, k, corner);
        canvas.DrawRect(bounds.Right - k, bounds.Bottom - k, k, k, corner);
        fill.IsAntialias = true;
        fill.Color = Theme.Panel;
        canvas.DrawRoundRect(new SKRect(bounds.X, bounds.Y, bounds.Right, bounds.Bottom), Theme.CornerRadius, Theme.CornerRadius, fill);
    }
}
