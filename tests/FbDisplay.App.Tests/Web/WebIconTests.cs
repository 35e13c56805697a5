using FbDisplay.App.Tests.Vnc;
using FbDisplay.TestSupport;
using SkiaSharp;

namespace FbDisplay.App.Tests.Web;

/// <summary>
/// The home-screen icons of the web page, drawn here with Skia and committed as small PNGs beside index.html (the
/// display serves them; nothing is fetched). FBD_WRITE_DOCS=1 redraws them.
/// </summary>
public class WebIconTests
{
    private static readonly SKColor Background = new(0x0b, 0x0d, 0x10);
    private static readonly SKColor Outline = new(0xe8, 0xea, 0xed);
    private static readonly SKColor Charge = new(0x3c, 0xc8, 0x5a);

    [TestCase("icon-192.png", 192)]
    [TestCase("icon-512.png", 512)]
    [TestCase("apple-touch-icon.png", 180)]
    public void The_committed_icon_is_the_one_drawn_here(string name, int size)
    {
        byte[] drawn = Draw(size);
        string path = RepositoryRoot.Path("src/FbDisplay.Services/Web/wwwroot/" + name);
        if (Environment.GetEnvironmentVariable("FBD_WRITE_DOCS") == "1")
        {
            File.WriteAllBytes(path + ".tmp", drawn);
            File.Move(path + ".tmp", path, overwrite: true);
        }

        Assert.That(File.Exists(path), Is.True, $"{path} is missing: FBD_WRITE_DOCS=1 draws it");
        using SKBitmap committed = SKBitmap.Decode(path);
        using SKBitmap now = SKBitmap.Decode(drawn);
        Assert.That((committed.Width, committed.Height), Is.EqualTo((size, size)));
        Assert.That(Pixels.Difference(committed, now).Max, Is.LessThanOrEqualTo(8), $"{name} differs from what this test draws: FBD_WRITE_DOCS=1 redraws it");
        Assert.That(now.GetPixel(0, 0), Is.EqualTo(Background), "opaque to the corners: iOS and Android mask the icon themselves");
        Assert.That(now.GetPixel(size / 2, size * 3 / 5), Is.EqualTo(Charge), "the charge level sits in the middle of the icon");
    }

    /// <summary>
    /// An upright battery two thirds full on the page's background, inside the centre circle (80 % of the width) that
    /// maskable icons must keep what matters in.
    /// </summary>
    internal static byte[] Draw(int size)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        SKCanvas c = surface.Canvas;
        float s = size;
        c.Clear(Background);
        float width = 0.34f * s, height = 0.50f * s, left = (s - width) / 2, top = 0.29f * s, line = 0.035f * s;
        using var stroke = new SKPaint { Color = Outline, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = line };
        using var fill = new SKPaint { Color = Outline, IsAntialias = true, Style = SKPaintStyle.Fill };
        c.DrawRoundRect(SKRect.Create(left, top, width, height), 0.05f * s, 0.05f * s, stroke);
        c.DrawRoundRect(SKRect.Create((s - (0.14f * s)) / 2, top - (0.065f * s), 0.14f * s, 0.075f * s), 0.02f * s, 0.02f * s, fill);
        fill.Color = Charge;
        float inset = line + (0.025f * s), inner = height - (2 * inset), level = inner * 0.66f;
        c.DrawRoundRect(SKRect.Create(left + inset, top + inset + (inner - level), width - (2 * inset), level), 0.02f * s, 0.02f * s, fill);
        using SKImage image = surface.Snapshot();
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
