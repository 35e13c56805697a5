using System.Text.Json.Nodes;
using FbDisplay.TestSupport;
using SkiaSharp;

namespace FbDisplay.App.Tests.Vnc;

/// <summary>The browser view: real headless Chromium runs the bundled noVNC against the real app.</summary>
[NonParallelizable]
public class BrowserViewTests
{
    private static readonly SKRectI ScaleButton = new(270, 6, 330, 34);

    [Test]
    [CancelAfter(120_000)]
    public async Task Chromium_shows_the_screen_with_noVNC_and_a_click_taps_the_display(CancellationToken ct)
    {
        using SharingApp app = await SharingApp.StartAsync();
        await using Cdp browser = await Cdp.LaunchAsync(app.WebBase + "/screen", 1000, 600, ct);

        await browser.WaitForAsync("window.fbScreen !== undefined && window.fbScreen.state === 'password'", ct);
        await browser.EvaluateAsync(
            $"document.getElementById('password').value = '{SharingApp.Password}'; document.getElementById('login').requestSubmit(); true", ct);
        await browser.WaitForAsync("window.fbScreen.state === 'connected'", ct);
        await Task.Delay(1000, ct); // let the first update paint

        byte[] connected = await browser.ScreenshotPngAsync(ct);
        string shots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "vnc-screenshots");
        Directory.CreateDirectory(shots);
        await File.WriteAllBytesAsync(Path.Combine(shots, "browser-connected.png"), connected, ct);

        // The page shows what the app shows: compare the canvas area of the browser screenshot with /screen.png.
        JsonNode rect = JsonNode.Parse((await browser.EvaluateAsync(
            "JSON.stringify(document.querySelector('#screen canvas').getBoundingClientRect())", ct))!.GetValue<string>())!;
        double left = rect["left"]!.GetValue<double>(), top = rect["top"]!.GetValue<double>();
        double scaleX = rect["width"]!.GetValue<double>() / 800, scaleY = rect["height"]!.GetValue<double>() / 480;
        TestContext.Out.WriteLine($"canvas at {left},{top} scale {scaleX:0.000} x {scaleY:0.000}");
        using SKBitmap before = await app.ScreenshotAsync();
        using (SKBitmap page = SKBitmap.Decode(connected))
        using (SKBitmap canvas = Crop(page, left, top, scaleX, scaleY))
        using (SKBitmap expected = before.Resize(new SKImageInfo(canvas.Width, canvas.Height), new SKSamplingOptions(SKFilterMode.Linear)))
        {
            (int _, double mean) = Pixels.Difference(canvas, expected);
            TestContext.Out.WriteLine($"browser canvas vs /screen.png: mean difference {mean:0.00}");
            Assert.That(mean, Is.LessThan(6), "the browser shows the display");
        }

        // A click on the 1X button of the main screen becomes a tap on the display: the button now reads 2X.
        await browser.ClickAsync(left + (300 * scaleX), top + (20 * scaleY), ct);
        SKBitmap? after = null;
        for (int i = 0; i < 50; i++)
        {
            await Task.Delay(100, ct);
            after?.Dispose();
            after = await app.ScreenshotAsync();
            if (Pixels.Difference(before, after, ScaleButton).Max > 64)
            {
                break;
            }
        }

        using (after)
        {
            Assert.That(Pixels.Difference(before, after!, ScaleButton).Max, Is.GreaterThan(64), "the 1X/2X button changed");
            await File.WriteAllBytesAsync(Path.Combine(shots, "app-after-click.png"), SKImage.FromBitmap(after).Encode(SKEncodedImageFormat.Png, 100).ToArray(), ct);
        }

        await Task.Delay(500, ct);
        await File.WriteAllBytesAsync(Path.Combine(shots, "browser-after-click.png"), await browser.ScreenshotPngAsync(ct), ct);
        TestContext.Out.WriteLine($"screenshots in {shots}");
        string metrics = await SharingApp.GetStringAsync(app.WebBase + "/metrics");
        Assert.That(metrics, Does.Contain("fbdisplay_vnc_clients 1"));
    }

    private static SKBitmap Crop(SKBitmap page, double left, double top, double scaleX, double scaleY)
    {
        var area = SKRectI.Create((int)Math.Round(left), (int)Math.Round(top), (int)Math.Round(800 * scaleX), (int)Math.Round(480 * scaleY));
        var crop = new SKBitmap(area.Width, area.Height);
        page.ExtractSubset(crop, area);
        return crop.Copy();
    }
}
