using System.Diagnostics;
using System.Globalization;
using FbDisplay.Services.Vnc;
using FbDisplay.TestSupport;
using SkiaSharp;

namespace FbDisplay.App.Tests.Vnc;

/// <summary>Real VNC clients against the real app: Debian's vncsnapshot, and our own client pixel for pixel.</summary>
[NonParallelizable]
public class VncSnapshotTests
{
    [Test]
    [CancelAfter(90_000)]
    public async Task Our_raw_and_tight_clients_see_exactly_the_apps_own_screenshot(CancellationToken ct)
    {
        using SharingApp app = await SharingApp.StartAsync();
        foreach (int encoding in new[] { RfbEncoding.Raw, RfbEncoding.Tight })
        {
            // The clock on screen ticks over each minute: retry if the screen changed between the two captures.
            for (int attempt = 0; ; attempt++)
            {
                using SKBitmap before = await app.ScreenshotAsync();
                using RfbTestClient c = await RfbTestClient.ConnectAsync(app.VncPort, SharingApp.Password, ct: ct);
                await c.SetEncodingsAsync([encoding], ct);
                await c.RequestAsync(incremental: false, ct: ct);
                await c.ReadUpdateAsync(ct);
                using SKBitmap after = await app.ScreenshotAsync();
                using SKBitmap seen = Pixels.FromBgra(c.ToBgra(), c.Width, c.Height);
                if (Pixels.Difference(before, after).Max != 0 && attempt < 3)
                {
                    continue;
                }

                Assert.That(Pixels.Difference(seen, after).Max, Is.Zero, $"encoding {encoding}");
                break;
            }
        }
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task Debians_vncsnapshot_takes_a_snapshot_that_matches_the_apps_screenshot(CancellationToken ct)
    {
        DebianPackages.Require(["/usr/bin/vncsnapshot", "/usr/bin/vncpasswd"], "vncsnapshot", "tigervnc-tools");

        using SharingApp app = await SharingApp.StartAsync();
        string passwd = app.Dir.File("passwd");
        await File.WriteAllBytesAsync(passwd, await RunAsync("/usr/bin/vncpasswd", ["-f"], SharingApp.Password + "\n", ct), ct);
        foreach (string encodings in new[] { "tight", "raw" })
        {
            string jpeg = app.Dir.File($"snap-{encodings}.jpg");
            using SKBitmap before = await app.ScreenshotAsync();
            await RunAsync("/usr/bin/vncsnapshot",
                ["-quiet", "-passwd", passwd, "-encodings", encodings, "-nojpeg", "-quality", "100", $"127.0.0.1::{app.VncPort.ToString(CultureInfo.InvariantCulture)}", jpeg], null, ct);
            using SKBitmap after = await app.ScreenshotAsync();
            using SKBitmap snap = SKBitmap.Decode(jpeg);
            Assert.That((snap.Width, snap.Height), Is.EqualTo((800, 480)));

            // vncsnapshot only writes JPEG: the same picture within JPEG's error, and not a blank one.
            (int max, double mean) = Pixels.Difference(snap, after);
            TestContext.Out.WriteLine($"vncsnapshot -encodings {encodings}: mean difference {mean:0.00}, max {max} (JPEG quality 100)");
            if (Pixels.Difference(before, after).Max == 0)
            {
                Assert.That(mean, Is.LessThan(1.0), "close to the app's own screenshot on average");
                Assert.That(max, Is.LessThanOrEqualTo(16), "and everywhere");
            }

            Assert.That(Pixels.Difference(snap, new SKBitmap(800, 480)).Mean, Is.GreaterThan(5), "not a blank picture");
        }
    }

    private static async Task<byte[]> RunAsync(string exe, string[] args, string? stdin, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        await p.StandardInput.WriteAsync(stdin ?? "");
        p.StandardInput.Close();
        using var output = new MemoryStream();
        Task copy = p.StandardOutput.BaseStream.CopyToAsync(output, ct);
        Task<string> errors = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        await copy;
        Assert.That(p.ExitCode, Is.Zero, $"{exe} failed: {await errors}");
        return output.ToArray();
    }
}
