using System.Globalization;
using FbDisplay.TestSupport;
using SkiaSharp;

namespace FbDisplay.App.Tests.Vnc;

/// <summary>The real app as a process: virtual framebuffer file, web server and VNC on free loopback ports.</summary>
internal sealed class SharingApp : IDisposable
{
    public const string Password = "evtv1234";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    private SharingApp(TempDirectory dir, ChildProcess process, int vncPort, int webPort)
    {
        Dir = dir;
        Process = process;
        VncPort = vncPort;
        WebPort = webPort;
    }

    public TempDirectory Dir { get; }

    public ChildProcess Process { get; }

    public int VncPort { get; }

    public int WebPort { get; }

    public string WebBase => $"http://127.0.0.1:{WebPort.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<SharingApp> StartAsync()
    {
        var dir = new TempDirectory("fbd-vnc");
        int vnc = FreePort.Tcp(), web = FreePort.Tcp();
        ChildProcess p = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={dir.File("data")}", $"--Udp:Port={FreePort.Udp().ToString(CultureInfo.InvariantCulture)}",
            $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{web.ToString(CultureInfo.InvariantCulture)}",
            $"--Vnc:Port={vnc.ToString(CultureInfo.InvariantCulture)}", $"--Vnc:Password={Password}",
        ]);
        var app = new SharingApp(dir, p, vnc, web);
        await p.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        await p.WaitForLineAsync("Screen sharing: VNC on TCP port", TimeSpan.FromSeconds(5));
        return app;
    }

    /// <summary>The app's own screenshot, decoded to BGRA.</summary>
    public async Task<SKBitmap> ScreenshotAsync()
    {
        byte[] png = await Http.GetByteArrayAsync(WebBase + "/screen.png");
        return SKBitmap.Decode(png);
    }

    public static Task<string> GetStringAsync(string url) => Http.GetStringAsync(url);

    public void Dispose()
    {
        Process.Terminate(TimeSpan.FromSeconds(10));
        Process.Dispose();
        Dir.Dispose();
    }
}

internal static class Pixels
{
    /// <summary>Largest and mean absolute channel difference (RGB) between two images of the same size.</summary>
    public static (int Max, double Mean) Difference(SKBitmap a, SKBitmap b, SKRectI? area = null)
    {
        SKRectI r = area ?? new SKRectI(0, 0, a.Width, a.Height);
        int max = 0;
        long sum = 0, n = 0;
        for (int y = r.Top; y < r.Bottom; y++)
        {
            for (int x = r.Left; x < r.Right; x++)
            {
                SKColor p = a.GetPixel(x, y), q = b.GetPixel(x, y);
                foreach (int d in new[] { Math.Abs(p.Red - q.Red), Math.Abs(p.Green - q.Green), Math.Abs(p.Blue - q.Blue) })
                {
                    max = Math.Max(max, d);
                    sum += d;
                    n++;
                }
            }
        }

        return (max, (double)sum / n);
    }

    public static SKBitmap FromBgra(byte[] bgra, int width, int height)
    {
        var bmp = new SKBitmap(new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Premul));
        System.Runtime.InteropServices.Marshal.Copy(bgra, 0, bmp.GetPixels(), bgra.Length);
        return bmp;
    }
}
