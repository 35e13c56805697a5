using System.Globalization;
using System.Text.Json.Nodes;
using FbDisplay.Core.History;
using FbDisplay.Services.History;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests.Web;

/// <summary>
/// The status page in real headless Chromium against the real app (history seeded with gaps, a lone second and an
/// empty stretch) at a phone, a tablet and a desktop size. With FBD_WRITE_DOCS=1 the picture of an empty range goes to docs/.
/// </summary>
[NonParallelizable]
public class PhonePageTests
{
    private const long Day = 86_400;

    // The three sizes the docs show, and the narrowest phone the page promises to fit.
    private static readonly (string Name, int Width, int Height, bool Mobile)[] Viewports =
    [
        ("360", 360, 740, true),
        ("390", 390, 844, true),
        ("768", 768, 1024, true),
        ("1280", 1280, 800, false),
    ];

    // What the page shows, read the same way whatever its markup: the document width, each graph's box (with any
    // message in it), each uPlot's x scale, and whether any value in the table of values is broken over two lines.
    private const string Measure = """
        JSON.stringify({
          scrollWidth: document.documentElement.scrollWidth,
          boxes: [...document.querySelectorAll('#charts > *')].map(b => ({ width: b.getBoundingClientRect().width, right: b.getBoundingClientRect().right, text: b.innerText })),
          axes: (typeof plots === 'undefined' ? [] : plots).map(u => ({ min: u.scales.x.min, max: u.scales.x.max, width: u.root.getBoundingClientRect().width, box: u.root.parentElement.clientWidth })),
          screen: (() => { const i = document.getElementById('screen'); const r = i.getBoundingClientRect(); return { shown: i.style.display !== 'none' && i.naturalWidth > 0, width: r.width, right: r.right }; })(),
          broken: (() => {
            // Every character's line (its top); a value is what lies between the ' / ' separators of a cell.
            const out = [];
            for (const cell of document.querySelectorAll('#values td:last-child')) {
              const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
              let tops = [], text = '';
              const flush = () => { if (new Set(tops).size > 1) out.push(text.trim()); tops = []; text = ''; };
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                for (let i = 0; i < n.data.length; i++) {
                  const ch = n.data[i];
                  if (ch === '/') { flush(); continue; }
                  text += ch;
                  if (/\s/.test(ch)) continue;
                  const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
                  tops.push(Math.round(r.getBoundingClientRect().top));
                }
              }
              flush();
            }
            return out;
          })(),
        })
        """;

    [Test]
    [CancelAfter(300_000)]
    public async Task The_page_fits_phone_tablet_and_desktop_and_every_time_axis_spans_the_chosen_range(CancellationToken ct)
    {
        using var dir = new TempDirectory("fbd-web");
        long now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        long lone = (now - (5 * Day)) / 60 * 60; // one second, alone for days around it
        await SeedAsync(dir.File("data"), now, lone);

        int udp = FreePort.Udp(), web = FreePort.Tcp();
        string url = $"http://127.0.0.1:{web.ToString(CultureInfo.InvariantCulture)}/";
        using var app = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={dir.File("data")}", $"--Udp:Port={udp.ToString(CultureInfo.InvariantCulture)}",
            $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls={url.TrimEnd('/')}", "--Controller:CapacityAh=232",
        ]);
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        using var sim = ChildProcess.StartDll("fbdisplay-sim.dll", ["--target", "127.0.0.1", "--port", udp.ToString(CultureInfo.InvariantCulture), "--soc", "64", "--start", "12:00", "--quiet"]);

        var failures = new List<string>();
        string shots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "web-screenshots");
        Directory.CreateDirectory(shots);
        foreach ((string name, int width, int height, bool mobile) in Viewports)
        {
            await using Cdp browser = await Cdp.LaunchAsync("about:blank", width, height, ct);
            await browser.SendAsync("Emulation.setDeviceMetricsOverride", new { width, height, deviceScaleFactor = 1, mobile }, ct);
            await browser.SendAsync("Page.navigate", new { url }, ct);
            await browser.WaitForAsync("document.readyState === 'complete' && document.getElementById('state') !== null && document.getElementById('state').textContent.startsWith('live') && document.getElementById('screen').naturalWidth > 0", ct);

            // Chromium finds the manifest and reads it without complaint.
            JsonNode manifest = await browser.SendAsync("Page.getAppManifest", new { }, ct);
            if (!(manifest["url"]?.GetValue<string>() ?? "").EndsWith("/manifest.webmanifest", StringComparison.Ordinal) || manifest["errors"]!.AsArray().Count != 0)
            {
                failures.Add($"{name}: the web app manifest: {manifest.ToJsonString()}");
            }

            // Day is the range the page opens with; the others are chosen as the owner would.
            failures.AddRange(await CheckRangeAsync(browser, name, width, "Day (opening)", null, Day, expectGraphs: true, ct));
            await SaveShotAsync(browser, Path.Combine(shots, $"web-page-{name}.png"), ct);
            foreach ((string label, long range) in new[] { ("Hour", 3600L), ("Week", 7 * Day), ("Month", 30 * Day), ("Day", Day) })
            {
                failures.AddRange(await CheckRangeAsync(browser, name, width, label, $"document.querySelector('button[data-range=\"{range}\"]').click()", range, expectGraphs: true, ct));
            }

            if (!mobile)
            {
                failures.AddRange(await CheckZoomAsync(browser, ct));
            }

            // Custom ranges: around the lone second (one point), and days with nothing stored.
            failures.AddRange(await CheckCustomAsync(browser, name, width, "one point", lone - 1800, lone + 1800, expectGraphs: true, ct));
            await SaveShotAsync(browser, Path.Combine(shots, $"check-{name}-one-point.png"), ct);
            failures.AddRange(await CheckCustomAsync(browser, name, width, "nothing stored", now - (12 * Day), now - (10 * Day), expectGraphs: false, ct));
            await SaveShotAsync(browser, Path.Combine(shots, $"web-page-{name}-empty.png"), ct);

            // A turned phone: the graphs follow the new width without a reload.
            if (mobile)
            {
                await browser.EvaluateAsync("document.querySelector('button[data-range=\"86400\"]').click(); true", ct);
                JsonNode upright = await SettleAsync(browser, ct);
                await browser.SendAsync("Emulation.setDeviceMetricsOverride", new { width = height, height = width, deviceScaleFactor = 1, mobile }, ct);
                await Task.Delay(1500, ct);
                JsonNode turned = await MeasureAsync(browser, ct);
                failures.AddRange(FitProblems($"{name} turned to {height}x{width}", height, turned));
                // Still the last day (the page may have fetched the minute's update meanwhile: a few seconds later).
                double[] Ends(JsonNode m) => [.. m["axes"]!.AsArray().SelectMany(a => new[] { a!["min"]!.GetValue<double>(), a["max"]!.GetValue<double>() })];
                double[] before = Ends(upright), after = Ends(turned);
                if (before.Length != after.Length || before.Zip(after).Any(p => Math.Abs(p.First - p.Second) > 120))
                {
                    failures.Add($"{name} turned: the x-axes moved from {upright["axes"]!.ToJsonString()} to {turned["axes"]!.ToJsonString()}");
                }
            }
        }

        app.Terminate(TimeSpan.FromSeconds(10));
        sim.Terminate(TimeSpan.FromSeconds(5));
        if (Environment.GetEnvironmentVariable("FBD_WRITE_DOCS") == "1")
        {
            // The other pictures of the page are the demo's (DemoPicturesTests); this one shows a range with nothing stored.
            foreach (string name in new[] { "web-page-390-empty.png" })
            {
                File.Copy(Path.Combine(shots, name), RepositoryRoot.Path("docs/" + name + ".tmp"), overwrite: true);
                File.Move(RepositoryRoot.Path("docs/" + name + ".tmp"), RepositoryRoot.Path("docs/" + name), overwrite: true);
            }
        }

        foreach (string shot in Directory.GetFiles(shots, "*.png"))
        {
            TestContext.AddTestAttachment(shot);
        }

        TestContext.Out.WriteLine($"screenshots in {shots}");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    private static async Task<List<string>> CheckRangeAsync(Cdp browser, string viewport, int width, string label, string? click, long range, bool expectGraphs, CancellationToken ct)
    {
        long before = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        if (click is not null)
        {
            await browser.EvaluateAsync(click + "; true", ct);
        }

        // The history answer asks the display's clock for "now": the range ends between before and after.
        JsonNode m = await SettleAsync(browser, ct);
        long after = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        return Problems($"{viewport} {label}", width, m, (before - range + 1, after - range + 1), (before, after), expectGraphs);
    }

    private static async Task<List<string>> CheckCustomAsync(Cdp browser, string viewport, int width, string label, long from, long to, bool expectGraphs, CancellationToken ct)
    {
        // datetime-local holds local minutes: the range is set in whole minutes of the browser's zone.
        await browser.EvaluateAsync($$"""
            (() => {
              const v = s => { const d = new Date(s * 1000); const p = n => String(n).padStart(2, '0');
                return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`; };
              document.getElementById('from').value = v({{from}});
              document.getElementById('to').value = v({{to}});
              document.getElementById('custom').click();
              return true;
            })()
            """, ct);
        JsonNode m = await SettleAsync(browser, ct);
        long f = from / 60 * 60, t = to / 60 * 60;
        return Problems($"{viewport} custom {label}", width, m, (f, f), (t, t), expectGraphs);
    }

    /// <summary>A drag across a graph zooms it in; a double click goes back to the whole range.</summary>
    private static async Task<List<string>> CheckZoomAsync(Cdp browser, CancellationToken ct)
    {
        const string first = "JSON.stringify((() => { const u = plots[0], o = u.over.getBoundingClientRect(); return { left: o.left, top: o.top, width: o.width, height: o.height, min: u.scales.x.min, max: u.scales.x.max }; })())";
        await browser.EvaluateAsync("plots[0].root.scrollIntoView(); true", ct);
        JsonNode r = JsonNode.Parse((await browser.EvaluateAsync(first, ct))!.GetValue<string>())!;
        double left = r["left"]!.GetValue<double>(), width = r["width"]!.GetValue<double>(), y = r["top"]!.GetValue<double>() + (r["height"]!.GetValue<double>() / 2);
        double min = r["min"]!.GetValue<double>(), max = r["max"]!.GetValue<double>();
        double x0 = left + (width * 0.25), x1 = left + (width * 0.5);
        await browser.SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x = x0, y }, ct);
        await browser.SendAsync("Input.dispatchMouseEvent", new { type = "mousePressed", x = x0, y, button = "left", buttons = 1, clickCount = 1 }, ct);
        await browser.SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x = x1, y, button = "left", buttons = 1 }, ct);
        await browser.SendAsync("Input.dispatchMouseEvent", new { type = "mouseReleased", x = x1, y, button = "left", buttons = 0, clickCount = 1 }, ct);
        await Task.Delay(300, ct);
        JsonNode zoomed = JsonNode.Parse((await browser.EvaluateAsync(first, ct))!.GetValue<string>())!;
        var problems = new List<string>();
        double span = max - min, zMin = zoomed["min"]!.GetValue<double>(), zMax = zoomed["max"]!.GetValue<double>();
        if (Math.Abs(zMin - (min + (span * 0.25))) > span * 0.02 || Math.Abs(zMax - (min + (span * 0.5))) > span * 0.02)
        {
            problems.Add($"1280 zoom: a drag over the second quarter shows {Utc(zMin)} .. {Utc(zMax)} of {Utc(min)} .. {Utc(max)}");
        }

        foreach (int clicks in new[] { 1, 2 })
        {
            await browser.SendAsync("Input.dispatchMouseEvent", new { type = "mousePressed", x = x1, y, button = "left", buttons = 1, clickCount = clicks }, ct);
            await browser.SendAsync("Input.dispatchMouseEvent", new { type = "mouseReleased", x = x1, y, button = "left", buttons = 0, clickCount = clicks }, ct);
        }

        await Task.Delay(300, ct);
        JsonNode back = JsonNode.Parse((await browser.EvaluateAsync(first, ct))!.GetValue<string>())!;
        if (back["min"]!.GetValue<double>() != min || back["max"]!.GetValue<double>() != max)
        {
            problems.Add($"1280 zoom: a double click goes back to {Utc(back["min"]!.GetValue<double>())} .. {Utc(back["max"]!.GetValue<double>())}, not {Utc(min)} .. {Utc(max)}");
        }

        await browser.EvaluateAsync("window.scrollTo(0, 0); true", ct);
        return problems;
    }

    /// <summary>Measures until two readings a little apart agree (the page has fetched and drawn), at most 8 s.</summary>
    private static async Task<JsonNode> SettleAsync(Cdp browser, CancellationToken ct)
    {
        await Task.Delay(400, ct);
        JsonNode last = await MeasureAsync(browser, ct);
        for (int i = 0; i < 20; i++)
        {
            await Task.Delay(400, ct);
            JsonNode next = await MeasureAsync(browser, ct);
            if (next.ToJsonString() == last.ToJsonString())
            {
                return next;
            }

            last = next;
        }

        return last;
    }

    private static async Task<JsonNode> MeasureAsync(Cdp browser, CancellationToken ct) =>
        JsonNode.Parse((await browser.EvaluateAsync(Measure, ct))!.GetValue<string>())!;

    private static List<string> Problems(string where, int width, JsonNode m, (long Lo, long Hi) from, (long Lo, long Hi) to, bool expectGraphs)
    {
        List<string> problems = FitProblems(where, width, m);
        JsonArray boxes = m["boxes"]!.AsArray(), axes = m["axes"]!.AsArray();
        if (boxes.Count != 6)
        {
            problems.Add($"{where}: {boxes.Count} graphs on the page, not 6");
        }

        if (!expectGraphs)
        {
            foreach (JsonNode? b in boxes)
            {
                if (!b!["text"]!.GetValue<string>().Contains("No data", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{where}: a graph with nothing stored does not say so: '{b["text"]}'");
                }
            }

            return problems;
        }

        if (axes.Count != 6)
        {
            problems.Add($"{where}: {axes.Count} graphs drawn, not 6");
        }

        foreach (JsonNode? a in axes)
        {
            double min = a!["min"]!.GetValue<double>(), max = a["max"]!.GetValue<double>();
            if (min < from.Lo - 2 || min > from.Hi + 2 || max < to.Lo - 2 || max > to.Hi + 2)
            {
                problems.Add($"{where}: x-axis runs {Utc(min)} .. {Utc(max)}, not {Utc(from.Lo)} .. {Utc(to.Hi)}");
            }
        }

        return problems;
    }

    private static List<string> FitProblems(string where, int width, JsonNode m)
    {
        var problems = new List<string>();
        int scrollWidth = m["scrollWidth"]!.GetValue<int>();
        if (scrollWidth > width)
        {
            problems.Add($"{where}: the page is {scrollWidth} px wide in a {width} px viewport");
        }

        foreach (JsonNode? b in m["boxes"]!.AsArray())
        {
            if (b!["right"]!.GetValue<double>() > width + 0.5)
            {
                problems.Add($"{where}: a graph ends at {b["right"]} px, past the {width} px viewport");
            }
        }

        foreach (JsonNode? a in m["axes"]!.AsArray())
        {
            double w = a!["width"]!.GetValue<double>(), box = a["box"]!.GetValue<double>();
            if (w > box + 0.5 || w < box - 40)
            {
                problems.Add($"{where}: a graph is {w:0} px wide in a {box:0} px box");
            }
        }

        JsonNode screen = m["screen"]!;
        if (!screen["shown"]!.GetValue<bool>())
        {
            problems.Add($"{where}: the live screen picture is not shown");
        }
        else if (screen["right"]!.GetValue<double>() > width + 0.5)
        {
            problems.Add($"{where}: the live screen picture ends at {screen["right"]} px");
        }

        foreach (JsonNode? v in m["broken"]!.AsArray())
        {
            problems.Add($"{where}: the value '{v}' is broken over two lines");
        }

        return problems;
    }

    private static async Task SaveShotAsync(Cdp browser, string path, CancellationToken ct)
    {
        JsonNode size = JsonNode.Parse((await browser.EvaluateAsync(
            "JSON.stringify({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight })", ct))!.GetValue<string>())!;
        JsonNode r = await browser.SendAsync("Page.captureScreenshot", new
        {
            format = "png",
            captureBeyondViewport = true,
            clip = new { x = 0, y = 0, width = size["w"]!.GetValue<int>(), height = size["h"]!.GetValue<int>(), scale = 1 },
        }, ct);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(r["data"]!.GetValue<string>()), ct);
    }

    private static string Utc(double unix) => DateTimeOffset.FromUnixTimeSeconds((long)unix).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// history.db as a display that is switched off now and then would have it: four hours from 20 h ago, the last
    /// hour and a half with a gap, and one second alone five days ago.
    /// </summary>
    private static async Task SeedAsync(string dataDir, long now, long lone)
    {
        Directory.CreateDirectory(dataDir);
        await using var store = new HistoryStore(new HistoryOptions { DataDirectory = dataDir, QueueCapacity = 1_000_000, BatchRows = 5000 }, TimeProvider.System);
        store.Start();
        void Fill(long from, long to)
        {
            for (long t = from; t < to; t++)
            {
                store.TryAdd(Sample(t));
            }
        }

        Fill(now - 72_000, now - 57_600);
        Fill(now - 5_400, now - 3_000);
        Fill(now - 1_800, now - 300);
        store.TryAdd(Sample(lone));
    }

    private static SecondSample Sample(long t)
    {
        double phase = (t % Day) / (double)Day;
        double sun = Math.Max(0, Math.Sin((phase - 0.25) * 2 * Math.PI));
        float watts = (float)((2500 * sun) - 900 + (300 * Math.Sin(t / 37.0)));
        float soc = (float)(40 + (45 * sun) + ((t % 10) / 10.0));
        float volts = (float)(46 + (soc / 20));
        int low = 3300 + (int)(soc * 4);
        return new SecondSample(t, soc, volts, watts / volts, watts, -120.5f, 25 + (int)(8 * sun), 20, low, low + 15 + (int)(t % 20), low + 8);
    }
}
