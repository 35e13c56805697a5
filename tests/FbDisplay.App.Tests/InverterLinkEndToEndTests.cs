using System.Diagnostics;
using System.Text.Json;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// The whole app with the inverter link pointed at an interface that does not exist (this machine has no vcan; the
/// frames themselves are checked with candump in the VM): the failure is named, counted, backed off and shown, and
/// the link reports stale data once the simulated controller stops.
/// </summary>
[NonParallelizable]
public class InverterLinkEndToEndTests
{
    [Test]
    public async Task A_missing_inverter_interface_is_counted_backed_off_and_shown_and_silence_stops_the_link()
    {
        using var dir = new TempDirectory();
        int udp = FreePort.Udp();
        int web = FreePort.Tcp();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(5) };
        using var app = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={dir.File("data")}", $"--Udp:Port={udp}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{web}", "--Inverter:CanInterface=fbdtest-noinv",
        ]);
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        JsonElement idle = await StatusApi.WaitForAsync(http, s => s.TryGetProperty("inverter", out _), 10);
        Assert.That(idle.GetProperty("inverter").GetProperty("state").GetString(), Is.EqualTo("stale"), "no controller data yet: nothing to send");

        using var sim = ChildProcess.StartDll("fbdisplay-sim.dll",
            ["--target", "127.0.0.1", "--port", $"{udp}", "--interval", "0.25", "--count", "48", "--quiet", "--extensions"]);
        JsonElement failing = await StatusApi.WaitForAsync(http, s => s.GetProperty("inverter").GetProperty("state").GetString() == "bus_error", 15);
        var watch = Stopwatch.StartNew();
        JsonElement inverter = failing.GetProperty("inverter");
        Assert.Multiple(() =>
        {
            Assert.That(inverter.GetProperty("interface").GetString(), Is.EqualTo("fbdtest-noinv"));
            Assert.That(inverter.GetProperty("lastError").GetString(), Does.StartWith("fbdtest-noinv: open failed: ").And.Contain("(errno "));
            Assert.That(inverter.GetProperty("framesSent").GetInt64(), Is.Zero);
        });
        long first = inverter.GetProperty("busErrors").GetInt64();
        await app.WaitForLineAsync("fbdtest-noinv: ", TimeSpan.FromSeconds(5)); // the kernel's words in the journal

        await Task.Delay(TimeSpan.FromSeconds(5));
        JsonElement later = await StatusApi.WaitForAsync(http, _ => true, 5);
        long errors = later.GetProperty("inverter").GetProperty("busErrors").GetInt64();
        double seconds = watch.Elapsed.TotalSeconds;
        Assert.That(errors - first, Is.InRange(1, 3), $"tries after 2 s, then 4 s, ...: not one a second ({seconds:0.0} s watched)");
        string metrics = await http.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain($"fbdisplay_inverter_bus_errors_total {errors}").Or.Contain("fbdisplay_inverter_bus_errors_total " + (errors + 1)));
        Assert.That(metrics, Does.Contain("fbdisplay_inverter_sending 0"));

        await StatusApi.WaitForAsync(http, s => s.GetProperty("inverter").GetProperty("state").GetString() == "stale", 20);
        await app.WaitForLineAsync("Inverter link (fbdtest-noinv) stopped: no fresh controller data.", TimeSpan.FromSeconds(5));
    }
}
