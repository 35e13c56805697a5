using System.Globalization;
using System.Text.Json;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// The whole app with the simulator: an alarm raised from real data reaches /api/status, /api/alarms and /metrics;
/// the controller going silent raises "controller lost"; energy is counted; and after a restart the alarms and the
/// energy counters are where they were.
/// </summary>
[NonParallelizable]
public class AlarmsAndEnergyTests
{
    [Test]
    public async Task Alarms_and_energy_reach_every_output_and_survive_a_restart()
    {
        using var dir = new TempDirectory();
        int udp = FreePort.Udp();
        int web = FreePort.Tcp();
        string[] args =
        [
            $"--DataDir={dir.File("data")}", $"--Udp:Port={udp}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{web}", "--Controller:CapacityAh=232",

            // A floor the simulated pack (60 % at the start) is below, reached after a second; silence counts after 4 s.
            "--Alarms:SocLow:Threshold=90", "--Alarms:SocLow:DelaySeconds=1", "--Alarms:ControllerLost:Threshold=4",
        ];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(5) };
        double totalIn, totalOut;
        using (var app = ChildProcess.StartDll("fbdisplay.dll", args))
        {
            await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
            using (var sim = ChildProcess.StartDll("fbdisplay-sim.dll", ["--target", "127.0.0.1", "--port", $"{udp}", "--interval", "0.25", "--soc", "60", "--start", "12:00", "--count", "40", "--quiet"]))
            {
                JsonElement status = await StatusApi.WaitForAsync(http, s => Has(s, "raised", "soc_low") && s.TryGetProperty("energy", out _) && s.TryGetProperty("estimate", out _), 20);
                Assert.That(Has(status, "unacknowledged", "soc_low"), Is.True);
                Assert.That(status.GetProperty("estimate").GetProperty("minutes").GetDouble(), Is.GreaterThan(0));
                await sim.WaitForLineAsync("sent", TimeSpan.FromSeconds(30));
            }

            string metrics = await http.GetStringAsync("/metrics");
            Assert.That(metrics, Does.Contain("fbdisplay_alarm_raised{alarm=\"soc_low\"} 1"));
            Assert.That(metrics, Does.Contain("fbdisplay_alarm_raises_total{alarm=\"soc_low\"} 1"));
            Assert.That(metrics, Does.Contain("fbdisplay_energy_charged_kwh_total"));
            using (JsonDocument alarms = JsonDocument.Parse(await http.GetStringAsync("/api/alarms")))
            {
                Assert.That(alarms.RootElement.GetProperty("alarms").EnumerateArray().Select(a => a.GetProperty("title").GetString()), Does.Contain("State of charge low"));
            }

            // The simulator stopped: after the threshold the controller is reported lost.
            JsonElement lost = await StatusApi.WaitForAsync(http, s => Has(s, "raised", "controller_lost"), 20);
            JsonElement energy = lost.GetProperty("energy");
            totalIn = energy.GetProperty("totalInKWh").GetDouble();
            totalOut = energy.GetProperty("totalOutKWh").GetDouble();
            Assert.That(totalIn + totalOut, Is.GreaterThan(0), "ten seconds of a working pack moved some energy");
            Assert.That(energy.GetProperty("todayInKWh").GetDouble(), Is.EqualTo(totalIn), "a first day: today is everything");
            Assert.That(app.Terminate(TimeSpan.FromSeconds(20)), Is.True, "SIGTERM stops the app");
        }

        Assert.That(File.Exists(dir.File("data/alarms.json")), Is.True);
        Assert.That(File.Exists(dir.File("data/energy.json")), Is.True);
        using (var again = ChildProcess.StartDll("fbdisplay.dll", args))
        {
            await again.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
            Assert.That(again.Output, Does.Contain("Alarms still raised from before the restart"));
            JsonElement status = await StatusApi.WaitForAsync(http, s => s.TryGetProperty("energy", out _), 10);
            Assert.That(Has(status, "raised", "soc_low"), Is.True, "the raised alarm was kept: its data has not come back to clear it");
            Assert.That(status.GetProperty("energy").GetProperty("totalInKWh").GetDouble(), Is.EqualTo(totalIn).Within(0.0005), "energy in kept (a clean stop saves)");
            Assert.That(status.GetProperty("energy").GetProperty("totalOutKWh").GetDouble(), Is.EqualTo(totalOut).Within(0.0005), "energy out kept");
            using JsonDocument alarms = JsonDocument.Parse(await http.GetStringAsync("/api/alarms"));
            Assert.That(alarms.RootElement.GetProperty("history").GetArrayLength(), Is.GreaterThanOrEqualTo(2), "soc low and controller lost were journalled");
        }
    }

    private static bool Has(JsonElement status, string list, string alarm) =>
        status.GetProperty("alarms").GetProperty(list).EnumerateArray().Any(a => a.GetString() == alarm);
}
