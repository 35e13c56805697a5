using System.Globalization;
using System.Net;
using System.Net.Http;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests.Web;

/// <summary>
/// What the running app answers a malformed request with: 400 and a sentence, never an empty 500. (A string through
/// Results.BadRequest went through the JSON serializer, whose reflection the app turns off for NativeAOT: the demo's
/// /api/history?range=day was an empty 500, while the in-process host of the Services tests said 400.)
/// </summary>
public class WebRefusalTests
{
    [TestCase("/api/history?range=day", "range must be a positive number of seconds.")]
    [TestCase("/api/history?from=x", "from and to are unix seconds.")]
    [TestCase("/api/history?from=20&to=10", "to is before from.")]
    [TestCase("/api/log.csv?range=-5", "range must be a positive number of seconds.")]
    public async Task A_malformed_request_gets_400_and_says_why(string path, string why)
    {
        using var dir = new TempDirectory();
        int web = FreePort.Tcp();
        using var app = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={dir.File("data")}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{web.ToString(CultureInfo.InvariantCulture)}", $"--Udp:Port={FreePort.Udp().ToString(CultureInfo.InvariantCulture)}",
        ]);
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web.ToString(CultureInfo.InvariantCulture)}") };

        using HttpResponseMessage r = await http.GetAsync(path);
        string body = await r.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(r.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(body, Is.EqualTo(why));
            Assert.That(r.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
        });
        Assert.That(app.Terminate(TimeSpan.FromSeconds(20)), Is.True, app.Output);
    }
}
