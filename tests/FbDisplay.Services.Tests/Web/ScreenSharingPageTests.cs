using System.Net;
using System.Text.Json;
using FbDisplay.Core.Status;
using FbDisplay.Core.Text;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Web;
using FbDisplay.Settings;
using FbDisplay.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace FbDisplay.Services.Tests.Web;

/// <summary>
/// /screen with sharing off is a page that says why and what to set where, and the live page's link says sharing is
/// off; with sharing on, /screen is the noVNC page and the link invites to operate the screen. Real HTTP, real Chromium.
/// </summary>
[NonParallelizable]
public class ScreenSharingPageTests
{
    [Test]
    public async Task With_sharing_off_screen_says_why_and_where_to_set_the_password_and_the_live_page_marks_the_link()
    {
        await using Server server = await Server.StartAsync(web => web.AddScreenSharingOff(Say.Plain("No screen sharing password is set on <this> display.")));

        using HttpResponseMessage screen = await server.Http.GetAsync("/screen");
        Assert.That(screen.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a page, not a blank 404");
        string page = await screen.Content.ReadAsStringAsync();
        Assert.That(page, Does.Contain("Screen sharing is off"));
        Assert.That(page, Does.Contain("No screen sharing password is set on &lt;this&gt; display."), "the reason, escaped");
        Assert.That(page, Does.Contain("<b>DISPLAY</b> settings page").And.Contain("<b>SCREEN SHARING PASSWORD</b>").And.Contain("<b>SAVE</b>"), "where on the display");
        Assert.That(page, Does.Contain("Restart the display"), "it takes effect after a restart");
        Assert.That(page, Does.Contain($"<code>{Catalog.Vnc.Password.Key}</code>"), "the settings.json key");
        Assert.That(page, Does.Not.Contain("{why}").And.Not.Contain("{key}"));
        Assert.That(await SharingAsync(server), Is.False);

        string dom = await server.LivePageDomAsync();
        Assert.That(dom, Does.Contain("data-sharing=\"off\""), "the link is marked");
        Assert.That(dom, Does.Contain("remote screen off: how to switch it on"));
        Assert.That(dom, Does.Not.Contain("operate the screen remotely"));
    }

    [Test]
    public async Task With_sharing_on_screen_is_the_novnc_page_and_the_link_invites_to_operate_it()
    {
        await using Server server = await Server.StartAsync(web => web.AddScreenSharing((_, _, _) => Task.CompletedTask));

        string page = await server.Http.GetStringAsync("/screen");
        Assert.That(page, Does.Contain("/novnc/core/rfb.js"));
        Assert.That(page, Does.Not.Contain("Screen sharing is off"));
        Assert.That(await SharingAsync(server), Is.True);

        string dom = await server.LivePageDomAsync();
        Assert.That(dom, Does.Contain("operate the screen remotely"));
        Assert.That(dom, Does.Not.Contain("data-sharing"));
    }

    private static async Task<bool> SharingAsync(Server server)
    {
        using JsonDocument doc = JsonDocument.Parse(await server.Http.GetStringAsync("/api/screen"));
        return doc.RootElement.GetProperty("sharing").GetBoolean();
    }

    private sealed class Server : IAsyncDisposable
    {
        private readonly StatusWebServer _web;
        private readonly string _base;

        private Server(StatusWebServer web, string baseUrl)
        {
            _web = web;
            _base = baseUrl;
            Http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        }

        public HttpClient Http { get; }

        public static async Task<Server> StartAsync(Action<StatusWebServer> sharing)
        {
            string url = $"http://127.0.0.1:{FreePort.Tcp()}";
            var web = new StatusWebServer(url, new StatusBoard(), _ => Task.FromResult<byte[]?>(null), new NoMetrics(), () => ("", ""), NullLoggerFactory.Instance);
            sharing(web);
            await web.StartAsync();
            return new Server(web, url);
        }

        public async Task<string> LivePageDomAsync()
        {
            string chromium = Chromium.EnsureInstalled();
            using var profile = new TempDirectory("chromium");
            return await Chromium.RunAsync(chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.Path}/p", "--virtual-time-budget=3000",
                "--dump-dom", _base + "/",
            ]);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _web.DisposeAsync();
        }
    }

    private sealed class NoMetrics : IMetricsSource
    {
        public void WriteMetrics(MetricsText metrics)
        {
        }
    }
}
