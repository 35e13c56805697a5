using System.Text.Json;
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
