using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

[NonParallelizable]
public class FloodTests
{
    [Test]
    public async Task A_flood_of_50000_datagrams_a_second_keeps_the_app_responsive_bounded_and_accounted_for()
    {
        using var dir = new TempDirectory();
        int udp = FreePort.Udp();
        int web = FreePort.Tcp();
        using var app = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={dir.File("data")}", $"--Udp:Port={udp}", "--Display:Framebuffer=", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{web}",
        ]);
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(5) };

        // Warm up with ordinary traffic so the baseline RSS includes a running web server and decoder.
        using (var warm = ChildProcess.StartDll("fbdisplay-sim.dll", ["--target", "127.0.0.1", "--port", $"{udp}", "--interval", "0.1", "--count", "30", "--quiet"]))
        {
            await warm.WaitForLineAsync("sent", TimeSpan.FromSeconds(30));
        }

        await http.GetStringAsync("/api/status");
        long rssBefore = app.ResidentBytes();
        long sentBefore = await MetricAsync(http, "fbdisplay_frames_received_total") + await MetricAsync(http, "fbdisplay_udp_kernel_drops_total");

        using var flood = ChildProcess.StartDll("fbdisplay-sim.dll", ["--target", "127.0.0.1", "--port", $"{udp}", "--flood", "50000", "--duration", "10"]);
        var latencies = new List<double>();
        long rssPeak = rssBefore;
        while (!flood.HasExited)
        {
            var sw = Stopwatch.StartNew();
            using JsonDocument status = JsonDocument.Parse(await http.GetStringAsync("/api/status"));
            latencies.Add(sw.Elapsed.TotalMilliseconds);
            Assert.That(status.RootElement.GetProperty("hasData").GetBoolean(), Is.True);
            rssPeak = Math.Max(rssPeak, app.ResidentBytes());
            await Task.Delay(250);
        }

        string sentLine = await flood.WaitForLineAsync("sent", TimeSpan.FromSeconds(5));
        long sent = long.Parse(sentLine.Split(' ')[1], CultureInfo.InvariantCulture);

        // Every datagram is either read (then accepted, rejected or dropped) or dropped by the kernel, and counted.
        long received = 0, accounted = 0, kernel = 0;
        for (int i = 0; i < 50; i++)
        {
            received = await MetricAsync(http, "fbdisplay_frames_received_total");
            kernel = await MetricAsync(http, "fbdisplay_udp_kernel_drops_total");
            accounted = await MetricAsync(http, "fbdisplay_frames_accepted_total") + await MetricAsync(http, "fbdisplay_frames_dropped_total") + await MetricAsync(http, "fbdisplay_frames_rejected_total");
            if (received + kernel - sentBefore == sent && accounted == received)
            {
                break;
            }

            await Task.Delay(100);
        }

        double[] sorted = [.. latencies.Order()];
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sent {sent}, read {received}, kernel drops {kernel}, status latency median {sorted[sorted.Length / 2]:0.0} ms max {sorted[^1]:0.0} ms, RSS {rssBefore / 1048576.0:0.0} -> peak {rssPeak / 1048576.0:0.0} MiB"));
        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.GreaterThan(400_000), "the simulator really flooded");
            Assert.That(received + kernel - sentBefore, Is.EqualTo(sent), "read + kernel drops = sent");
            Assert.That(accounted, Is.EqualTo(received), "accepted + rejected + dropped = read");
            Assert.That(sorted[sorted.Length / 2], Is.LessThan(500), "the app answers while flooded");
            Assert.That(rssPeak - rssBefore, Is.LessThan(10L * 1024 * 1024), "RSS grows less than 10 MB");
        });
    }

    private static async Task<long> MetricAsync(HttpClient http, string name)
    {
        string text = await http.GetStringAsync("/metrics");
        long sum = 0;
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith(name, StringComparison.Ordinal) && (line.Length > name.Length && (line[name.Length] == ' ' || line[name.Length] == '{')))
            {
                sum += (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }
}
