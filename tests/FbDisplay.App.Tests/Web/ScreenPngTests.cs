using System.Globalization;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests.Web;

/// <summary>
/// /screen.png under many clients (issue 17, row 7): requests that arrive together share one capture and one encode,
/// and a screen that drew no new frame is not encoded again, so memory does not grow with the clients. The memory
/// figures themselves come from `dotnet cake --target=Bench` (`--web-load`), not from a timed test.
/// </summary>
[NonParallelizable]
public class ScreenPngTests
{
    [Test]
    public async Task Clients_asking_together_share_the_encodes_and_each_gets_the_whole_picture()
    {
        using var dir = new TempDirectory();
        int web = FreePort.Tcp();
        using var app = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={dir.File("data")}", $"--Udp:Port={FreePort.Udp()}", $"--Display:Framebuffer={dir.File("fb0.raw")}",
            "--Display:Touch=none", $"--Web:Urls=http://127.0.0.1:{web}",
        ]);
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        var clients = Enumerable.Range(0, 6).Select(_ => new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(30) }).ToList();
        try
        {
            _ = await clients[0].GetByteArrayAsync("/screen.png");
            double before = await EncodesAsync(clients[0]);
            const int rounds = 5;
            var sizes = new List<int>();
            for (int round = 0; round < rounds; round++)
            {
                byte[][] pngs = await Task.WhenAll(clients.Select(c => c.GetByteArrayAsync("/screen.png")));
                sizes.AddRange(pngs.Select(p => p.Length));
                foreach (byte[] png in pngs)
                {
                    Assert.That(png.AsSpan(0, 8).ToArray(), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
                    using var bitmap = SkiaSharp.SKBitmap.Decode(png);
                    Assert.That((bitmap.Width, bitmap.Height), Is.EqualTo((800, 480)), "the whole screen");
                }
            }

            double encodes = await EncodesAsync(clients[0]) - before;
            int requests = rounds * clients.Count;
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{requests} requests in {rounds} rounds of {clients.Count}: {encodes} encodes, PNG {sizes.Min()}-{sizes.Max()} bytes"));
            Assert.That(encodes, Is.LessThanOrEqualTo(requests / 3.0), "concurrent requests share an encode; an unchanged screen is not encoded again");
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static async Task<double> EncodesAsync(HttpClient http)
    {
        string metrics = await http.GetStringAsync("/metrics");
        string line = metrics.Split('\n').Single(l => l.StartsWith("fbdisplay_screen_png_encodes_total ", StringComparison.Ordinal));
        return double.Parse(line.AsSpan(line.IndexOf(' ', StringComparison.Ordinal) + 1), NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
