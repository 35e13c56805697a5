using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Logging;
using FbDisplay.Core.Status;
using FbDisplay.Services.History;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Tests.History;
using FbDisplay.Services.Web;
using FbDisplay.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FbDisplay.Services.Tests.Web;

/// <summary>The history endpoints over real HTTP, and the page in a real headless Chromium.</summary>
[NonParallelizable]
public class HistoryWebTests
{
    private TempDirectory _dir = null!;
    private HistoryStore _store = null!;
    private StatusWebServer _web = null!;
    private HttpClient _http = null!;
    private long _now;
    private string _base = "";

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _dir = new TempDirectory();
        _now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        await HistoryStoreTests.FillAsync(_dir.Path, _now - 86_399, 86_400);
        _store = new HistoryStore(HistoryStoreTests.Options(_dir.Path), TimeProvider.System);
        _store.Start();

        int port = FreePort.Tcp();
        _base = $"http://127.0.0.1:{port}";
        _web = new StatusWebServer(_base, LiveBoard(), _ => Task.FromResult<byte[]?>(null), new NoMetrics(), () => ("bms1", "display1"), NullLoggerFactory.Instance, _store);
        _web.AddJson("/api/alarms", () => Services.Alarms.AlarmJournal.Serialize(RaisedAlarm()));
        await _web.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_base) };
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _web.DisposeAsync();
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    [Test]
    public async Task History_answers_a_day_in_at_most_the_points_asked_with_every_column()
    {
        using JsonDocument d = JsonDocument.Parse(await _http.GetStringAsync($"/api/history?from={_now - 86_399}&to={_now}&points=700"));
        JsonElement r = d.RootElement;
        int n = r.GetProperty("t").GetArrayLength();
        Assert.That(n, Is.InRange(400, 700));
        Assert.That(r.GetProperty("source").GetString(), Is.EqualTo("minutes"));
        foreach (string column in new[] { "soc", "watts", "volts", "maxTemp", "cellLow", "cellHigh", "cellAvg", "spread", "socMin", "socMax", "wattsMin", "wattsMax", "spreadMax" })
        {
            Assert.That(r.GetProperty(column).GetArrayLength(), Is.EqualTo(n), column);
        }

        double soc = r.GetProperty("soc")[n / 2].GetDouble();
        Assert.That(soc, Is.InRange(r.GetProperty("socMin")[n / 2].GetDouble(), r.GetProperty("socMax")[n / 2].GetDouble()));
    }

    [Test]
    public async Task Ten_minutes_are_answered_second_by_second()
    {
        using JsonDocument d = JsonDocument.Parse(await _http.GetStringAsync("/api/history?range=600&points=700"));
        Assert.That(d.RootElement.GetProperty("step").GetInt32(), Is.EqualTo(1));
        Assert.That(d.RootElement.GetProperty("t").GetArrayLength(), Is.InRange(590, 600));
    }

    [Test]
    public void A_missing_bucket_becomes_one_row_of_nulls_so_graphs_show_the_gap()
    {
        HistoryBucket B(long t) => new(t, 60, 50, 50, 50, 100, 100, 100, 48, 48, 48, 30, 30, 30, 3900, 3920, 3910, 15, 20, 25);
        var series = new HistorySeries(0, 299, 60, HistoryResolution.Minutes, [B(0), B(60), B(180)]);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            HistoryEndpoints.WriteColumns(w, series);
        }

        using JsonDocument d = JsonDocument.Parse(ms.ToArray());
        Assert.That(d.RootElement.GetProperty("t").EnumerateArray().Select(e => e.GetInt64()), Is.EqualTo(new long[] { 0, 60, 120, 180 }));
        Assert.That(d.RootElement.GetProperty("watts")[2].ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(d.RootElement.GetProperty("wattsMax")[3].GetDouble(), Is.EqualTo(100));
    }

    [Test]
    public void Minutes_without_cell_voltages_are_gaps_in_the_cell_graphs_not_zero()
    {
        HistoryBucket B(long t, int cells) => new(t, 60, 50, 50, 50, 100, 100, 100, 48, 48, 48, 30, 30, 30, cells, cells > 0 ? cells + 20 : 0, cells > 0 ? cells + 10 : 0, cells > 0 ? 15 : 0, cells > 0 ? 20 : 0, cells > 0 ? 25 : 0);
        var series = new HistorySeries(0, 179, 60, HistoryResolution.Minutes, [B(0, 0), B(60, 3900), B(120, 0)]);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            HistoryEndpoints.WriteColumns(w, series);
        }

        using JsonDocument d = JsonDocument.Parse(ms.ToArray());
        foreach (string column in new[] { "cellLow", "cellHigh", "cellAvg", "spread", "spreadMin", "spreadMax" })
        {
            JsonElement c = d.RootElement.GetProperty(column);
            Assert.That(new[] { c[0].ValueKind, c[1].ValueKind, c[2].ValueKind }, Is.EqualTo(new[] { JsonValueKind.Null, JsonValueKind.Number, JsonValueKind.Null }), column);
        }

        Assert.That(d.RootElement.GetProperty("watts")[0].GetDouble(), Is.EqualTo(100), "the other columns keep their values");
    }

    [Test]
    public async Task Log_csv_streams_the_manuals_line_format_in_local_time()
    {
        string csv = await _http.GetStringAsync($"/api/log.csv?from={_now - 9}&to={_now}");
        string[] lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(10));
        Assert.That(lines, Has.All.Matches<string>(l => PowerSafeLogLine.TryParse(l, out _)));
        DateTime local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddSeconds(_now), TimeZoneInfo.Local);
        Assert.That(lines[^1], Does.StartWith(local.ToString("MM/dd/yyyy HH:mm:ss,", CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task A_whole_day_of_csv_streams_every_second()
    {
        using HttpResponseMessage r = await _http.GetAsync("/api/log.csv?range=86400", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(r.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        using var reader = new StreamReader(await r.Content.ReadAsStreamAsync());
        int lines = 0;
        while (await reader.ReadLineAsync() is string line)
        {
            lines++;
            if (lines % 10_000 == 0)
            {
                Assert.That(PowerSafeLogLine.TryParse(line, out _), Is.True, line);
            }
        }

        Assert.That(lines, Is.InRange(86_390, 86_400));
    }

    [TestCase("from=-9223372036854775808&to=9223372036854775807")]
    [TestCase("from=-9223372036854775808&to=9223372036854775807&step=1")]
    [TestCase("from=-9223372036854775808&to=9223372036854775807&points=2147483647")]
    [TestCase("range=9223372036854775807")]
    [TestCase("from=9223372036854775000&to=9223372036854775807")]
    [TestCase("to=-9223372036854775808")]
    public async Task Extreme_ranges_are_clamped_and_the_reply_stays_bounded(string query)
    {
        HttpResponseMessage response = await _http.GetAsync("/api/history?" + query);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), query);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        using JsonDocument d = JsonDocument.Parse(body);
        Assert.That(d.RootElement.GetProperty("t").GetArrayLength(), Is.LessThanOrEqualTo(HistoryEndpoints.MaxPoints + 1), query);
        Assert.That(body.Length, Is.LessThan(4 * 1024 * 1024), query);
        Assert.That(d.RootElement.GetProperty("from").GetInt64(), Is.GreaterThanOrEqualTo(0));
        Assert.That(d.RootElement.GetProperty("to").GetInt64(), Is.LessThanOrEqualTo(HistoryStore.LastUnixSecond));
    }

    [Test]
    public async Task Bad_ranges_are_refused_and_uplot_is_served_from_the_display()
    {
        Assert.That((await _http.GetAsync("/api/history?from=x")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await _http.GetAsync("/api/history?from=20&to=10")).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        string js = await _http.GetStringAsync("/lib/uPlot.iife.min.js");
        Assert.That(js, Does.Contain("uPlot"));
        Assert.That((await _http.GetStringAsync("/lib/uPlot.min.css")), Does.Contain(".uplot"));
        Assert.That((await _http.GetAsync("/lib/nothing.js")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task The_page_renders_live_values_and_history_graphs_in_headless_chromium()
    {
        string chromium = Chromium.EnsureInstalled();
        using var profile = new TempDirectory("chromium");
        string shot = profile.File("web-page.png");
        string[] common =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile.Path}/p", "--window-size=1280,1000",
            "--virtual-time-budget=5000",
        ];
        string dom = await Chromium.RunAsync(chromium, [.. common, "--dump-dom", _base + "/"]);
        Assert.That(dom, Does.Contain("live"));
        Assert.That(dom, Does.Contain("71.5 %"), "live SOC from /api/status");
        Assert.That(dom, Does.Contain("Temperature high").And.Contains("acknowledged"), "the alarm strip from /api/alarms");
        Assert.That(dom, Does.Contain("12.35 kWh").And.Contains("4108.4 kWh"), "energy today and in total");
        Assert.That(dom, Does.Contain(">75 °F</span> / <span class=\"n\">88 °F<"), "24 and 31 °C shown in Fahrenheit as the owner chose, each value unbreakable");
        Assert.That(dom, Does.Contain("empty in <span class=\"n\">3 h 31 min</span>"), "the time to empty, the duration unbreakable");
        Assert.That(dom, Does.Contain("Highest temperature <span>°F"), "the history chart follows the unit too");
        Assert.That(dom, Does.Contain("uplot"), "uPlot drew its charts");
        Assert.That(System.Text.RegularExpressions.Regex.Matches(dom, "<canvas").Count, Is.GreaterThanOrEqualTo(6));

        await Chromium.RunAsync(chromium, [.. common, $"--screenshot={shot}", _base + "/"]);
        Assert.That(File.Exists(shot), Is.True);
        (int width, int height, double stddev) = Png.Stats(File.ReadAllBytes(shot));
        Assert.That((width, height), Is.EqualTo((1280, 1000)));
        Assert.That(stddev, Is.GreaterThan(8), "not a blank page");
        string? keep = Environment.GetEnvironmentVariable("FBDISPLAY_WEB_SCREENSHOT");
        if (!string.IsNullOrEmpty(keep))
        {
            File.Copy(shot, keep, overwrite: true);
        }

        TestContext.AddTestAttachment(shot);
    }

    [Test]
    public async Task The_page_can_be_added_to_a_home_screen_from_the_display_alone()
    {
        string page = await _http.GetStringAsync("/");
        foreach (string tag in new[]
        {
            "<link rel=\"manifest\" href=\"/manifest.webmanifest\">", "<link rel=\"apple-touch-icon\" href=\"/apple-touch-icon.png\">",
            "<meta name=\"apple-mobile-web-app-capable\" content=\"yes\">", "<meta name=\"theme-color\"", "viewport-fit=cover",
        })
        {
            Assert.That(page, Does.Contain(tag));
        }

        using HttpResponseMessage m = await _http.GetAsync("/manifest.webmanifest");
        Assert.That(m.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/manifest+json"));
        using JsonDocument manifest = JsonDocument.Parse(await m.Content.ReadAsStringAsync());
        Assert.That(manifest.RootElement.GetProperty("start_url").GetString(), Is.EqualTo("/"));
        Assert.That(manifest.RootElement.GetProperty("display").GetString(), Is.EqualTo("standalone"));
        var icons = manifest.RootElement.GetProperty("icons").EnumerateArray()
            .Select(i => (Src: i.GetProperty("src").GetString()!, Sizes: i.GetProperty("sizes").GetString()!)).Append((Src: "/apple-touch-icon.png", Sizes: "180x180")).ToList();
        Assert.That(icons.Select(i => i.Sizes), Does.Contain("192x192").And.Contain("512x512"));
        foreach ((string src, string sizes) in icons)
        {
            using HttpResponseMessage r = await _http.GetAsync(src);
            Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.OK), src);
            Assert.That(r.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/png"), src);
            (int width, int height, double stddev) = Png.Stats(await r.Content.ReadAsByteArrayAsync());
            Assert.That($"{width}x{height}", Is.EqualTo(sizes), src);
            Assert.That(stddev, Is.GreaterThan(8), src + " draws something");
        }
    }

    private static StatusBoard LiveBoard() => LiveBoards.Pack(Core.Units.TemperatureUnit.Fahrenheit);

    /// <summary>The journal the page asks for while an alarm is raised: an acknowledged over-temperature.</summary>
    private static Services.Alarms.AlarmJournalData RaisedAlarm()
    {
        var status = new Core.Alarms.AlarmStatus[Core.Alarms.AlarmKinds.Count];
        status[(int)Core.Alarms.AlarmKind.TemperatureHigh] = new(true, true, 1_764_000_000_000, 57);
        return new Services.Alarms.AlarmJournalData(status, [new(Core.Alarms.AlarmKind.TemperatureHigh, Core.Alarms.AlarmEventType.Raised, 1_764_000_000_000, 57)]);
    }

    private sealed class NoMetrics : IMetricsSource
    {
        public void WriteMetrics(MetricsText metrics)
        {
        }
    }
}

/// <summary>Debian's chromium, installed on first use when we are root (idempotent).</summary>
internal static class Chromium
{
    public static string EnsureInstalled()
    {
        DebianPackages.Require("/usr/bin/chromium", "chromium");
        return "/usr/bin/chromium";
    }

    public static async Task<string> RunAsync(string chromium, string[] args)
    {
        var psi = new ProcessStartInfo(chromium, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process p = Process.Start(psi)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish in 60 s:\n" + await stderr);
        }

        Assert.That(p.ExitCode, Is.Zero, await stderr);
        return await stdout;
    }
}

/// <summary>Just enough PNG decoding (8-bit RGB/RGBA, non-interlaced, as Chromium writes) to tell a page from a blank.</summary>
internal static class Png
{
    public static (int Width, int Height, double LumaStdDev) Stats(byte[] png)
    {
        int width = ReadInt(png, 16), height = ReadInt(png, 20);
        int colorType = png[25];
        int channels = colorType switch { 2 => 3, 6 => 4, _ => throw new NotSupportedException($"PNG color type {colorType}") };
        Assert.That(png[24], Is.EqualTo(8), "bit depth");
        using var idat = new MemoryStream();
        for (int pos = 8; pos < png.Length;)
        {
            int len = ReadInt(png, pos);
            string type = System.Text.Encoding.ASCII.GetString(png, pos + 4, 4);
            if (type == "IDAT")
            {
                idat.Write(png, pos + 8, len);
            }

            pos += 12 + len;
        }

        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        int stride = width * channels;
        byte[] prev = new byte[stride], cur = new byte[stride];
        double sum = 0, sumSq = 0;
        for (int y = 0; y < height; y++)
        {
            int filter = z.ReadByte();
            z.ReadExactly(cur);
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? cur[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
                cur[i] = (byte)(cur[i] + filter switch
                {
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => 0,
                });
            }

            for (int x = 0; x < width; x++)
            {
                double l = (0.299 * cur[x * channels]) + (0.587 * cur[(x * channels) + 1]) + (0.114 * cur[(x * channels) + 2]);
                sum += l;
                sumSq += l * l;
            }

            (prev, cur) = (cur, prev);
        }

        double n = (double)width * height, mean = sum / n;
        return (width, height, Math.Sqrt(Math.Max(0, (sumSq / n) - (mean * mean))));
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static int ReadInt(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
