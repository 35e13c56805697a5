using FbDisplay.Core.Display;
using SkiaSharp;

namespace FbDisplay.Ui.Tests.Support;

/// <summary>Draws screens and widgets into an SKBitmap, the way the renderer would (background, clip, widget).</summary>
internal static class Render
{
    public static SKBitmap Screen(Screen screen)
    {
        var bitmap = new SKBitmap(new SKImageInfo(screen.Bounds.Width, screen.Bounds.Height, SKColorType.Bgra8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        screen.Draw(canvas, screen.Bounds);
        canvas.Flush();
        return bitmap;
    }

    /// <summary>Puts <paramref name="widgets"/> on a screen of the given size and draws it.</summary>
    public static SKBitmap Widgets(int width, int height, params Widget[] widgets)
    {
        using var screen = new Screen(width, height);
        foreach (Widget w in widgets)
        {
            screen.Add(w);
        }

        return Screen(screen);
    }

    /// <summary>Counts pixels in <paramref name="area"/> that differ from <paramref name="background"/>.</summary>
    public static int CountNonBackground(SKBitmap bitmap, PixelRect area, SKColor background)
    {
        int n = 0;
        for (int y = area.Y; y < area.Bottom; y++)
        {
            for (int x = area.X; x < area.Right; x++)
            {
                if (bitmap.GetPixel(x, y) != background)
                {
                    n++;
                }
            }
        }

        return n;
    }
}
