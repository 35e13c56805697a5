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
    public static void Draw(SKCanvas canvas, in PixelRect bounds, in PixelRect clip, SKColor background, SKPaint fill, SKPaint corner)
    {
        int k = (int)MathF.Ceiling(Theme.CornerRadius);
        corner.Color = background;
        Corner(canvas, new PixelRect(bounds.X, bounds.Y, k, k), clip, corner);
        Corner(canvas, new PixelRect(bounds.Right - k, bounds.Y, k, k), clip, corner);
        Corner(canvas, new PixelRect(bounds.X, bounds.Bottom - k, k, k), clip, corner);
        Corner(canvas, new PixelRect(bounds.Right - k, bounds.Bottom - k, k, k), clip, corner);
        fill.IsAntialias = true;
        fill.Color = Theme.Panel;
        canvas.DrawRoundRect(new SKRect(bounds.X, bounds.Y, bounds.Right, bounds.Bottom), Theme.CornerRadius, Theme.CornerRadius, fill);
    }

    private static void Corner(SKCanvas canvas, in PixelRect square, in PixelRect clip, SKPaint paint)
    {
        if (square.Intersects(clip))
        {
            canvas.DrawRect(square.X, square.Y, square.Width, square.Height, paint);
        }
    }
}
