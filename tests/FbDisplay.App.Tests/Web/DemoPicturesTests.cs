using System.Globalization;
using System.Text.Json.Nodes;
using FbDisplay.Core.Logging;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests.Web;

/// <summary>
/// The README's and docs/web-page.md's pictures of the web page are the demo as the Demo target runs it: the
/// simulator lives the pack's last four days into PowerSafe100.log, then goes on live; the display starts with
/// Demo:HistoryLog, so its history holds the four days before the first frame. The page is shown on the Week range,
/// at a phone, a tablet and a desktop size; with FBD_WRITE_DOCS=1 the pictures go to docs/.
/// </summary>
[NonParallelizable]
public class DemoPicturesTests
{
    private const long Day = 86_400;

    private static readonly (string Name, int Width, int Height, bool Mobile)[] Viewports =
    [
        ("390", 390, 844, true),
        ("768", 768, 1024, true),
        ("1280", 1280, 800, false),
    ];

    [Test]
    [CancelAfter(300_000)]
    public async Task The_web_page_of_the_demo_shows_its_four_past_days_on_the_week_range(CancellationToken ct)
    {
        using var dir = new TempDirectory("fbd-demo-pictures");
        string data = dir.File("data");
        Directory.CreateDirectory(data);
        string log = Path.Combine(data, PowerSafeLogLine.FileName);
        int udp = FreePort.Udp(), web = FreePort.Tcp();
        string port = udp.ToString(CultureInfo.InvariantCulture);

        // As build.cake's Demo: 8 modules, 928 Ah, four days backfilled, then live in real time.
        using var sim = ChildProcess.StartDll("fbdisplay-sim.dll",
            ["--target", "127.0.0.1", "--port", port, "--modules", "8", "--capacity", "928", "--backfill-days", "4", "--backfill-log", log, "--quiet"]);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(log) && waited.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(100, ct);
        }

        Assert.That(File.Exists(log), Is.True, "the simulator wrote the four days: " + sim.Output);
        string url = $"http://127.0.0.1:{web.ToString(CultureInfo.InvariantCulture)}/";
        using var app = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={data}", $"--Udp:Port={port}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls={url.TrimEnd('/')}", "--Controller:CapacityAh=928", $"--Demo:HistoryLog={log}",
        ]);
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(60));

        string shots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "demo-screenshots");
        Directory.CreateDirectory(shots);
        var failures = new List<string>();
        foreach ((string name, int width, int height, bool mobile) in Viewports)
        {
            await using Cdp browser = await Cdp.LaunchAsync("about:blank", width, height, ct);
            await browser.SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile }, ct);
            await browser.SendAsync("Page.navigate", new { url }, ct);
            await browser.WaitForAsync("document.readyState === 'complete' && document.getElementById('state').textContent.startsWith('live') && document.getElementById('screen').naturalWidth > 0", ct);
            await browser.EvaluateAsync($"document.querySelector('button[data-range=\"{7 * Day}\"]').click(); true", ct);
            try
            {
                await browser.WaitForAsync("typeof plots !== 'undefined' && plots.length >= 4 && document.querySelectorAll('#charts > .chart').length === 6", ct, 60_000);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"{name}: the four graphs of the log did not draw: " + (await browser.EvaluateAsync("document.getElementById('resolution').textContent + ' | ' + document.getElementById('charts').innerText.slice(0, 300) + ' | ' + (typeof plots === 'undefined' ? 'no plots' : plots.length)", ct))?.ToJsonString());
            }
            await Task.Delay(1500, ct); // the screen picture and the graphs' last layout

            // The four graphs PowerSafe100.log carries (SOC, power, pack voltage, temperature) start four days back, within
            // the simulator's first hour; the log has no cell voltages, so the cell graphs have only the live seconds.
            long now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
            JsonNode m = JsonNode.Parse((await browser.EvaluateAsync(
                "JSON.stringify(plots.slice(0, 4).map(u => ({ first: u.data[0].find((t, i) => u.data.slice(1).some(s => s && s[i] != null)), points: u.data[0].length })))", ct))!.GetValue<string>())!;
            foreach (JsonNode? p in m.AsArray())
            {
                double? first = p?["first"]?.GetValue<double>();
                if (first is null || first > now - (4 * Day) + 3600 || p!["points"]!.GetValue<int>() < 100)
                {
                    failures.Add($"{name}: a graph does not show the four past days: {p?.ToJsonString()} (now {now})");
                }
            }

            JsonNode size = JsonNode.Parse((await browser.EvaluateAsync(
                "JSON.stringify({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight })", ct))!.GetValue<string>())!;
            JsonNode shot = await browser.SendAsync("Page.captureScreenshot", new
            {
                format = "png",
                captureBeyondViewport = true,
                clip = new { x = 0, y = 0, width = size["w"]!.GetValue<int>(), height = size["h"]!.GetValue<int>(), scale = 1 },
            }, ct);
            await File.WriteAllBytesAsync(Path.Combine(shots, $"web-page-{name}.png"), Convert.FromBase64String(shot["data"]!.GetValue<string>()), ct);
        }

        app.Terminate(TimeSpan.FromSeconds(20));
        sim.Terminate(TimeSpan.FromSeconds(5));
        foreach (string picture in Directory.GetFiles(shots, "*.png"))
        {
            TestContext.AddTestAttachment(picture);
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(app.Output, Does.Not.Contain("Unhandled exception"));
        if (Environment.GetEnvironmentVariable("FBD_WRITE_DOCS") == "1")
        {
            foreach ((string name, _, _, _) in Viewports)
            {
                string target = RepositoryRoot.Path($"docs/web-page-{name}.png");
                File.Copy(Path.Combine(shots, $"web-page-{name}.png"), target + ".tmp", overwrite: true);
                File.Move(target + ".tmp", target, overwrite: true);
            }
        }

        TestContext.Out.WriteLine($"screenshots in {shots}");
    }
}
