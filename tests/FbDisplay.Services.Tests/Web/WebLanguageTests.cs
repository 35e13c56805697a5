using System.Text.Json;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Status;
using FbDisplay.Core.Text;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Web;
using FbDisplay.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FbDisplay.Services.Tests.Web;

/// <summary>The live page speaks the display's language, and a browser can ask for another: real HTTP, real Chromium.</summary>
[NonParallelizable]
public class WebLanguageTests
{
    [Test]
    public async Task Api_texts_answers_the_displays_language_or_the_one_asked_for()
    {
        await using var web = await StartAsync(DisplayLanguage.German, out string url);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        using JsonDocument de = JsonDocument.Parse(await http.GetStringAsync("/api/texts"));
        using JsonDocument fr = JsonDocument.Parse(await http.GetStringAsync("/api/texts?lang=fr"));
        using JsonDocument junk = JsonDocument.Parse(await http.GetStringAsync("/api/texts?lang=xx"));
        Assert.Multiple(() =>
        {
            Assert.That(de.RootElement.GetProperty("language").GetString(), Is.EqualTo("de"));
            Assert.That(de.RootElement.GetProperty("texts").GetProperty("web.history").GetString(), Is.EqualTo("Verlauf"));
            Assert.That(de.RootElement.GetProperty("languages").GetArrayLength(), Is.EqualTo(5));
            Assert.That(fr.RootElement.GetProperty("texts").GetProperty("web.history").GetString(), Is.EqualTo("Historique"));
            Assert.That(junk.RootElement.GetProperty("language").GetString(), Is.EqualTo("de"), "an unknown code falls back to the display's");
        });
    }

    [Test]
    public async Task The_live_page_of_a_german_display_is_in_german_with_a_language_menu()
    {
        await using var web = await StartAsync(DisplayLanguage.German, out string url);
        string chromium = Chromium.EnsureInstalled();
        using var profile = new TempDirectory("chromium");
        string[] common =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile.Path}/p", "--window-size=1000,700",
            "--virtual-time-budget=3000",
        ];
        string dom = await Chromium.RunAsync(chromium, [.. common, "--dump-dom", url + "/"]);
        Assert.Multiple(() =>
        {
            Assert.That(dom, Does.Contain("<html lang=\"de\">"));
            Assert.That(dom, Does.Contain(">Verlauf<").And.Contain(">CSV herunterladen<").And.Contain("warte auf Daten"));
            Assert.That(dom, Does.Contain("<option value=\"fr\">Français</option>"), "the menu offers every language by its own name");
            Assert.That(dom, Does.Contain("wie die Anzeige"), "and, first, the display's own");
            Assert.That(dom, Does.Contain("Verlauf nicht verfügbar").Or.Contain("Noch keine Daten"), "the graphs' status line too (this server has no history)");
        });

        string shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "web-de.png");
        await Chromium.RunAsync(chromium, [.. common, $"--screenshot={shot}", url + "/"]);
        Assert.That(File.Exists(shot), Is.True);
        TestContext.AddTestAttachment(shot);
    }

    [Test]
    public async Task A_german_page_names_alarms_and_faults_in_german_and_writes_dates_from_the_displays_table()
    {
        // Noon UTC on 27 August of this year: 27 August in any browser zone, and no year written.
        long raisedAt = new DateTimeOffset(TimeProvider.System.GetUtcNow().Year, 8, 27, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        var counters = new FrameCounters();
        var decoder = new BatteryDecoder(new BatteryState(), counters);
        long ts = TimeProvider.System.GetTimestamp();
        decoder.Apply(BatteryFrameEncoder.Pack(-34.5f, 48.3f, -120.5f, 31, 24), ts);
        decoder.Apply(BatteryFrameEncoder.Soc(71.5f), ts);
        decoder.Apply(CanFrame.Create(0x654, [0x00, 0x01]), ts); // fault 1: cell under-voltage
        var board = new StatusBoard();
        board.Publish(decoder.State, counters, TimeProvider.System, 0, new StatusExtras(AlarmSet.CellHigh, AlarmSet.CellHigh, default, default));
        var status = new AlarmStatus[AlarmKinds.Count];
        status[(int)AlarmKind.CellHigh] = new(true, false, raisedAt, 4.25);
        byte[] alarms = Services.Alarms.AlarmJournal.Serialize(new Services.Alarms.AlarmJournalData(status, []));

        string url = $"http://127.0.0.1:{FreePort.Tcp()}";
        await using var web = new StatusWebServer(url, board, _ => Task.FromResult<byte[]?>(null), new NoMetrics(), () => ("", ""), NullLoggerFactory.Instance, language: () => DisplayLanguage.German);
        web.AddJson("/api/alarms", () => alarms);
        await web.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        using JsonDocument texts = JsonDocument.Parse(await http.GetStringAsync("/api/texts"));
        using JsonDocument api = JsonDocument.Parse(await http.GetStringAsync("/api/alarms"));
        Assert.Multiple(() =>
        {
            Assert.That(texts.RootElement.GetProperty("alarms").GetProperty("cell_high").GetString(), Is.EqualTo("Zellspannung hoch"));
            Assert.That(texts.RootElement.GetProperty("faults").GetProperty("cell_under_voltage").GetString(), Is.EqualTo("Zell-Unterspannung"));
            Assert.That(texts.RootElement.GetProperty("dates").GetProperty("dayMonth").GetString(), Is.EqualTo("d. MMM"));
            Assert.That(api.RootElement.GetProperty("alarms")[0].GetProperty("title").GetString(), Is.EqualTo("Cell voltage high"), "/api/alarms stays English");
        });

        string chromium = Chromium.EnsureInstalled();
        using var profile = new TempDirectory("chromium");
        string dom = await Chromium.RunAsync(chromium,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile.Path}/p", "--window-size=1000,700",
            "--virtual-time-budget=5000", "--dump-dom", url + "/",
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(dom, Does.Match("⚠ Zellspannung hoch<span class=\"when\">seit 27\\. Aug \\d\\d:\\d\\d<"), "the alarm strip: German title, the table's date, 24 h");
            Assert.That(dom, Does.Contain("1 Zell-Unterspannung"), "the fault row");
            Assert.That(dom, Does.Not.Contain("Cell voltage high"));
            Assert.That(dom, Does.Match(@"live · \d\d:\d\d:\d\d<"), "the state line's clock is 24 h");
        });
    }

    private static Task<StatusWebServer> StartAsync(DisplayLanguage language, out string url)
    {
        url = $"http://127.0.0.1:{FreePort.Tcp()}";
        var web = new StatusWebServer(url, new StatusBoard(), _ => Task.FromResult<byte[]?>(null), new NoMetrics(), () => ("", ""), NullLoggerFactory.Instance, language: () => language);
        return StartedAsync(web);
    }

    private static async Task<StatusWebServer> StartedAsync(StatusWebServer web)
    {
        await web.StartAsync();
        return web;
    }

    private sealed class NoMetrics : IMetricsSource
    {
        public void WriteMetrics(MetricsText metrics)
        {
        }
    }
}
