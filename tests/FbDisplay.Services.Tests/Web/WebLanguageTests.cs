using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Status;
using FbDisplay.Core.Text;
using FbDisplay.Services.History;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Tests.History;
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
            Assert.That(dom, Does.Contain("<html lang=\"de\""));
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

    // Words the page wrote in English before they came from the catalogue; the catalogue's own English words are added.
    private static readonly string[] PageEnglish =
    [
        "point", "points", "per", "every", "second", "seconds", "minutes", "hours", "from", "average", "high", "avg", "low", "time", "charge",
        "discharge", "at", "protocol", "controller", "connecting", "live", "disconnected", "connection", "lost", "password", "required",
        "refused", "wrong", "connect", "status", "screen", "sharing", "off", "display", "back", "page",
    ];

    [Test]
    public async Task The_page_as_served_holds_no_words_but_its_name_so_nothing_flashes_in_english()
    {
        await using var web = await StartAsync(DisplayLanguage.German, out string url);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        string page = await http.GetStringAsync("/");
        string body = Regex.Replace(page[page.IndexOf("<body>", StringComparison.Ordinal)..], "<script.*?</script>|<style.*?</style>", "", RegexOptions.Singleline);
        string[] words = [.. Regex.Matches(Regex.Replace(body, "<[^>]*>", " "), @"\p{L}+").Select(m => m.Value)];
        Assert.That(words, Is.EqualTo(new[] { "FbDisplay" }), "every other word is put in from /api/texts");
        Assert.That(Regex.Matches(body, "(?<![-\\w])(?:aria-label|alt|title|placeholder)=\"[^\"]*\\p{L}").Count, Is.Zero, "nor any attribute a reader sees");
        Assert.That(page, Does.Contain("class=\"wait\""), "the page stays hidden until the words are there");
    }

    [Test]
    public async Task A_german_page_with_every_row_graph_and_legend_shows_no_english_and_a_menu_switch_relabels_it_all_in_french()
    {
        using var dir = new TempDirectory();
        long now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        await HistoryStoreTests.FillAsync(dir.Path, now - 86_399, 86_400);
        await using var store = new HistoryStore(HistoryStoreTests.Options(dir.Path), TimeProvider.System);
        store.Start();
        string url = $"http://127.0.0.1:{FreePort.Tcp()}";
        await using var web = new StatusWebServer(url, FullBoard(), _ => Task.FromResult<byte[]?>(null), new NoMetrics(), () => ("bms1", "display1"), NullLoggerFactory.Instance, store, language: () => DisplayLanguage.German);
        var status = new AlarmStatus[AlarmKinds.Count];
        status[(int)AlarmKind.TemperatureHigh] = new(true, true, TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds() - 60_000, 57);
        byte[] alarms = Services.Alarms.AlarmJournal.Serialize(new Services.Alarms.AlarmJournalData(status, []));
        web.AddJson("/api/alarms", () => alarms);
        web.AddScreenSharingOff(Say.Of(Tx.WebOffNoPassword));
        await web.StartAsync();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        CancellationToken ct = cts.Token;
        await using Cdp browser = await Cdp.LaunchAsync(url + "/", 1280, 1400, ct);
        const string Drawn = "document.documentElement.lang === '{0}' && !document.documentElement.classList.contains('wait') && document.getElementById('state').textContent.includes(':')"
            + " && document.querySelectorAll('#charts .uplot').length === 6 && document.getElementById('values').rows.length > 20 && document.getElementById('alarms').textContent.length > 0";
        await browser.WaitForAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Drawn, "de"), ct);
        await HoverFirstGraphAsync(browser, ct);

        string[] german = await ShownTextsAsync(browser, ct);
        await SaveShotAsync(browser, "web-de-full.png", ct);
        Assert.That(await PhoneOverflowAsync(browser, "web-de-phone.png", ct), Is.Empty, "nothing wider than a phone's screen in German");
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        JsonNode en = JsonNode.Parse(await http.GetStringAsync("/api/texts?lang=en"))!, de = JsonNode.Parse(await http.GetStringAsync("/api/texts?lang=de"))!;
        JsonNode fr = JsonNode.Parse(await http.GetStringAsync("/api/texts?lang=fr"))!;
        Assert.Multiple(() =>
        {
            Assert.That(Foreign(german, [en], de), Is.Empty, "English words on the German page");
            Assert.That(german, Has.Some.EqualTo("71,5 %").And.Some.EqualTo("48,3 V").And.Some.EqualTo("12,35 kWh"), "values with a decimal comma");
            Assert.That(german, Has.Some.Matches(@"^\d+ Punkte · [\d,]+ min pro Punkt · aus Minutenwerten$"), "the resolution line");
            Assert.That(german, Has.Some.Contains("Laden +, Entladen −"), "the power graph's hint");
            Assert.That(german, Has.Some.EqualTo("Mittel").And.Some.EqualTo("max.").And.Some.EqualTo("Zeit"), "the legend");
            Assert.That(german, Has.Some.Matches(@"^-?\d+,\d+ (?:%|kW|V|mV|°C)$"), "the legend's values at the cursor");
            Assert.That(german.Where(x => Regex.IsMatch(x, @"\d\.\d")), Is.Empty, "no decimal point anywhere");
        });

        await browser.EvaluateAsync("const m = document.getElementById('lang'); m.value = 'fr'; m.dispatchEvent(new Event('change')); true", ct);
        await browser.WaitForAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, Drawn, "fr")
            + " && document.getElementById('resolution').textContent.includes('par point') && document.getElementById('values').textContent.includes('État de charge')", ct);
        await HoverFirstGraphAsync(browser, ct);
        string[] french = await ShownTextsAsync(browser, ct);
        await SaveShotAsync(browser, "web-fr-full.png", ct);
        Assert.That(await PhoneOverflowAsync(browser, "web-fr-phone.png", ct), Is.Empty, "nothing wider than a phone's screen in French");
        Assert.Multiple(() =>
        {
            Assert.That(Foreign(french, [en, de], fr), Is.Empty, "English or German words left after the switch to French");
            Assert.That(french, Has.Some.EqualTo("71,5 %"));
            Assert.That(french, Has.Some.EqualTo("moyenne").And.Some.EqualTo("Heure"), "the legend is drawn again");
            Assert.That(french.Where(x => Regex.IsMatch(x, @"\d\.\d")), Is.Empty, "no decimal point anywhere");
        });
        Assert.That(await browser.EvaluateAsync("document.getElementById('remote').getAttribute('href')", ct) is JsonNode href ? href.GetValue<string>() : null,
            Is.EqualTo("/screen?lang=fr"), "the sharing page follows the menu too");
    }

    [Test]
    public async Task A_german_page_of_a_pylontech_battery_names_its_protocol_limits_and_protection_in_german()
    {
        var decoder = new BatteryDecoder(new BatteryState(), new FrameCounters());
        long ts = TimeProvider.System.GetTimestamp();
        decoder.Apply(BatteryFrameEncoder.PylontechName("PYLON"), ts);
        decoder.Apply(BatteryFrameEncoder.PylontechLimits(56.0f, 100f, 150f, 46.0f), ts);
        decoder.Apply(BatteryFrameEncoder.PylontechSocSoh(71, 98), ts);
        decoder.Apply(BatteryFrameEncoder.PylontechMeasurements(52.34f, -27.4f, 23.5f), ts);
        decoder.Apply(BatteryFrameEncoder.PylontechCellExtremes(3281, 3342, 21, 24), ts);
        decoder.Apply(BatteryFrameEncoder.PylontechAlarms(PylontechFlags.UnderTemperature | PylontechFlags.DischargeOverCurrent, 0, 2), ts);
        var board = new StatusBoard();
        board.Publish(decoder.State, new FrameCounters(), TimeProvider.System, 0, default);
        string url = $"http://127.0.0.1:{FreePort.Tcp()}";
        await using var web = new StatusWebServer(url, board, _ => Task.FromResult<byte[]?>(null), new NoMetrics(), () => ("", ""), NullLoggerFactory.Instance, language: () => DisplayLanguage.German);
        await web.StartAsync();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using Cdp browser = await Cdp.LaunchAsync(url + "/", 1000, 900, cts.Token);
        await browser.WaitForAsync("document.documentElement.lang === 'de' && document.getElementById('values').rows.length > 15 && document.getElementById('resolution').textContent.length > 0", cts.Token);
        string[] shown = await ShownTextsAsync(browser, cts.Token);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        JsonNode en = JsonNode.Parse(await http.GetStringAsync("/api/texts?lang=en"))!, de = JsonNode.Parse(await http.GetStringAsync("/api/texts?lang=de"))!;
        Assert.Multiple(() =>
        {
            Assert.That(Foreign(shown, [en], de), Is.Empty, "English words on the German page");
            Assert.That(shown, Has.Some.EqualTo("Pylontech-Protokoll · PYLON").And.Some.EqualTo("SOH 98 %"));
            Assert.That(shown, Has.Some.EqualTo("Laden ≤").And.Some.EqualTo("56,0 V").And.Some.EqualTo("bei").And.Some.EqualTo("Entladen ≥"), "the battery's limits");
            Assert.That(shown, Has.Some.EqualTo("Untertemperatur, Entlade-Überstrom").Or.Some.EqualTo("Entlade-Überstrom, Untertemperatur"), "its protection flags");
            Assert.That(shown, Has.Some.EqualTo("k. A.").And.Some.EqualTo("nicht gesendet"), "what it does not send");
            Assert.That(shown, Has.Some.EqualTo("52,3 V"));
            Assert.That(shown.Where(x => Regex.IsMatch(x, @"\d\.\d")), Is.Empty, "no decimal point anywhere");
        });
        Assert.That(await PhoneOverflowAsync(browser, "web-de-pylontech-phone.png", cts.Token), Is.Empty, "nothing wider than a phone's screen");
    }

    [Test]
    public async Task The_sharing_off_page_is_in_the_displays_language_or_the_one_asked_for_with_the_screens_own_labels()
    {
        await using var web = await StartAsync(DisplayLanguage.German, out string url, w => w.AddScreenSharingOff(Say.Of(Tx.WebOffNoPassword)));
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        string de = await http.GetStringAsync("/screen"), fr = await http.GetStringAsync("/screen?lang=fr");
        JsonNode enTexts = JsonNode.Parse(await http.GetStringAsync("/api/texts?lang=en"))!, deTexts = JsonNode.Parse(await http.GetStringAsync("/api/texts?lang=de"))!;
        string[] shown = [.. Regex.Split(Regex.Replace(Regex.Replace(de, "<style.*?</style>|<b>.*?</b>|<code>.*?</code>", "", RegexOptions.Singleline), "<[^>]*>", "\n"), "\n").Select(x => System.Net.WebUtility.HtmlDecode(x).Trim()).Where(x => x.Length > 0)];
        Assert.Multiple(() =>
        {
            Assert.That(de, Does.Contain("<html lang=\"de\">").And.Contain("<h1>Bildschirmfreigabe ist aus</h1>"));
            Assert.That(de, Does.Contain("Auf dieser Anzeige ist kein Freigabe-Passwort gesetzt."), "the reason");
            Assert.That(de, Does.Contain("zur Einstellungsseite <b>ANZEIGE</b>").And.Contain("<b>FREIGABE-PASSWORT</b>").And.Contain("<b>SPEICHERN</b>"), "the labels as the German screen shows them");
            Assert.That(de, Does.Contain("<code>Vnc:Password</code>").And.Contain("<code>settings.json</code>"));
            Assert.That(Foreign(shown, [enTexts], deTexts), Is.Empty, "English words on the German sharing page");
            Assert.That(de, Does.Not.Contain("{{").And.Not.Contain("{why}").And.Not.Contain("{lang}"));
            Assert.That(fr, Does.Contain("<html lang=\"fr\">").And.Contain("<b>AFFICHAGE</b>").And.Contain("Aucun mot de passe de partage"));
        });
    }

    [Test]
    public async Task The_screen_page_labels_itself_from_the_catalogue()
    {
        await using var web = await StartAsync(DisplayLanguage.German, out string url, w => w.AddScreenSharing((_, _, _) => Task.CompletedTask));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using Cdp browser = await Cdp.LaunchAsync(url + "/screen", 1000, 700, cts.Token);
        await browser.WaitForAsync("document.documentElement.lang === 'de' && !document.documentElement.classList.contains('wait')", cts.Token);
        string dom = (await browser.EvaluateAsync("document.documentElement.outerHTML", cts.Token))!.GetValue<string>();
        Assert.That(dom, Does.Contain("<html lang=\"de\"").And.Contain("placeholder=\"VNC-Passwort\"").And.Contain(">Verbinden</button>").And.Contain(">Status</a>"));
        Assert.That(dom, Does.Not.Contain("Connect").And.Not.Contain("VNC password"));
    }

    // Every text node and every title, placeholder, aria-label and alt the page holds now (hidden ones too).
    private static async Task<string[]> ShownTextsAsync(Cdp browser, CancellationToken ct)
    {
        const string Walk = """
            (() => {
              const out = [document.title];
              const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n; (n = w.nextNode());) { if (!n.parentElement.closest('script,style')) { const s = n.nodeValue.trim(); if (s) out.push(s); } }
              document.querySelectorAll('[title],[placeholder],[aria-label],[alt]').forEach(e => ['title', 'placeholder', 'aria-label', 'alt'].forEach(a => { const v = e.getAttribute(a); if (v) out.push(v); }));
              return JSON.stringify(out);
            })()
            """;
        return JsonSerializer.Deserialize<string[]>((await browser.EvaluateAsync(Walk, ct))!.GetValue<string>())!;
    }

    // The words of <paramref name="shown"/> that belong to another language's texts (or the page's former English) and
    // to none of <paramref name="own"/>'s (a word both languages write, "Total", is no sign of either).
    private static string[] Foreign(IEnumerable<string> shown, JsonNode[] others, JsonNode own)
    {
        static IEnumerable<string> Words(string s) => Regex.Matches(s, @"\p{L}{2,}").Select(m => m.Value.ToLowerInvariant());
        static IEnumerable<string> Strings(JsonNode? n) => n switch
        {
            JsonObject o => o.SelectMany(p => Strings(p.Value)),
            JsonArray a => a.SelectMany(Strings),
            JsonValue v when v.TryGetValue(out string? s) => [s],
            _ => [],
        };
        var mine = Strings(own).SelectMany(Words).Append("min").ToHashSet(); // the unit every language writes
        var foreign = others.SelectMany(Strings).SelectMany(Words).Concat(others.Length > 0 ? PageEnglish : []).Where(w => !mine.Contains(w)).ToHashSet();
        return [.. shown.SelectMany(s => Words(s).Where(foreign.Contains).Select(w => $"{w} in \"{s}\"")).Distinct()];
    }

    private static async Task HoverFirstGraphAsync(Cdp browser, CancellationToken ct)
    {
        string r = (await browser.EvaluateAsync("(() => { const o = document.querySelector('#charts .u-over'); o.scrollIntoView(); const b = o.getBoundingClientRect(); return JSON.stringify([b.left + b.width / 2, b.top + b.height / 2]); })()", ct))!.GetValue<string>();
        double[] xy = JsonSerializer.Deserialize<double[]>(r)!;
        await browser.SendAsync("Input.dispatchMouseEvent", new { type = "mouseMoved", x = xy[0], y = xy[1] }, ct);
        await browser.WaitForAsync("[...document.querySelectorAll('#charts .u-legend .u-value')].some(e => /\\d/.test(e.textContent))", ct);
    }

    // At 360 px wide: the elements that stick out of the page or out of their own box; the picture is kept.
    private static async Task<string[]> PhoneOverflowAsync(Cdp browser, string name, CancellationToken ct)
    {
        await browser.SendAsync("Emulation.setDeviceMetricsOverride", new { width = 360, height = 2400, deviceScaleFactor = 1, mobile = true }, ct);
        await browser.WaitForAsync("document.documentElement.clientWidth === 360", ct);
        await Task.Delay(500, ct); // the graphs follow their boxes through a ResizeObserver
        const string Measure = """
            JSON.stringify([...document.querySelectorAll('body *')].filter(e => e.offsetParent !== null || e.tagName === 'BODY')
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible' && e.clientWidth > 0))
              .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40)))
            """;
        string[] wide = JsonSerializer.Deserialize<string[]>((await browser.EvaluateAsync(Measure, ct))!.GetValue<string>())!;
        await SaveShotAsync(browser, name, ct);
        await browser.SendAsync("Emulation.clearDeviceMetricsOverride", null, ct);
        return wide;
    }

    private static async Task SaveShotAsync(Cdp browser, string name, CancellationToken ct)
    {
        await browser.EvaluateAsync("window.scrollTo(0, 0); true", ct);
        string shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, name);
        await File.WriteAllBytesAsync(shot, await browser.ScreenshotPngAsync(ct), ct);
        TestContext.AddTestAttachment(shot);
    }

    // An EVTV pack with a controller, a charge command, cells, energy and an estimate: every row of the table has a value.
    private static StatusBoard FullBoard() => LiveBoards.Pack(Core.Units.TemperatureUnit.Celsius, controller: true);

    private static Task<StatusWebServer> StartAsync(DisplayLanguage language, out string url, Action<StatusWebServer>? add = null)
    {
        url = $"http://127.0.0.1:{FreePort.Tcp()}";
        var web = new StatusWebServer(url, new StatusBoard(), _ => Task.FromResult<byte[]?>(null), new NoMetrics(), () => ("", ""), NullLoggerFactory.Instance, language: () => language);
        add?.Invoke(web);
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
