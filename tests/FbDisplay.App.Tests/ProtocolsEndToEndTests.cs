using System.Globalization;
using System.Text.Json;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// The whole app with the simulator as a separate process over UDP: a controller that reports an open contactor and a
/// fault reaches /api/status, the alarms and /metrics; a Pylontech-protocol battery is chosen by Auto, logged with the
/// manual's columns, and served with what it does not send marked as such.
/// </summary>
[NonParallelizable]
public class ProtocolsEndToEndTests
{
    [Test]
    public async Task An_open_contactor_and_a_fault_reach_the_status_the_alarms_and_the_metrics()
    {
        using var dir = new TempDirectory();
        int udp = FreePort.Udp();
        int web = FreePort.Tcp();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(5) };
        using var app = ChildProcess.StartDll("fbdisplay.dll", Args(dir, udp, web));
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        using var sim = ChildProcess.StartDll("fbdisplay-sim.dll",
            ["--target", "127.0.0.1", "--port", $"{udp}", "--interval", "0.25", "--count", "40", "--quiet", "--extensions", "--contactor", "positive", "--fault", "2"]);
        JsonElement status = await StatusApi.WaitForAsync(http, s => Raised(s, "contactor_open") && Raised(s, "controller_fault"), 20);
        JsonElement controller = status.GetProperty("controller");
        Assert.Multiple(() =>
        {
            Assert.That(status.GetProperty("protocol").GetString(), Is.EqualTo("evtv"));
            Assert.That(controller.GetProperty("positiveContactorOpen").GetBoolean(), Is.True);
            Assert.That(controller.GetProperty("negativeContactorOpen").GetBoolean(), Is.False);
            Assert.That(controller.GetProperty("faultCode").GetInt32(), Is.EqualTo(2));
            Assert.That(controller.GetProperty("fault").GetString(), Is.EqualTo("cell_over_voltage"));
            Assert.That(controller.GetProperty("chargeEnabled").GetBoolean(), Is.False, "the simulated controller stops charging on a fault");
            Assert.That(controller.TryGetProperty("contactorOpenSince", out _), Is.True);
            Assert.That(status.GetProperty("chargeCommand").GetProperty("tcchAmps").GetDouble(), Is.Zero);
        });

        string metrics = await http.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("fbdisplay_alarm_raised{alarm=\"contactor_open\"} 1"));
        Assert.That(metrics, Does.Contain("fbdisplay_alarm_raised{alarm=\"controller_fault\"} 1"));
        Assert.That(metrics, Does.Contain("fbdisplay_contactor_open{contactor=\"positive\"} 1"));
        Assert.That(metrics, Does.Contain("fbdisplay_contactor_open{contactor=\"negative\"} 0"));
        Assert.That(metrics, Does.Contain("fbdisplay_controller_fault_code 2"));
        using JsonDocument alarms = JsonDocument.Parse(await http.GetStringAsync("/api/alarms"));
        Assert.That(alarms.RootElement.GetProperty("alarms").EnumerateArray().Select(a => a.GetProperty("title").GetString()), Does.Contain("Contactor open").And.Contain("Controller fault"));
        Assert.That(metrics, Does.Contain("fbdisplay_frames_rejected_total{reason=\"UnknownId\"} 0"), "0x654 and 0x683 are no longer unknown ids");

        // history.db keeps it: the seconds of the open contactor and the fault code, at one-second steps.
        int open = 0, fault = 0;
        for (int i = 0; i < 40 && (open == 0 || fault == 0); i++)
        {
            using JsonDocument history = JsonDocument.Parse(await http.GetStringAsync("/api/history?range=120&step=1"));
            open = history.RootElement.GetProperty("contactorOpen").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Number && v.GetInt32() == 1);
            fault = history.RootElement.GetProperty("fault").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Number && v.GetInt32() == 2);
            await Task.Delay(500);
        }

        Assert.That(open, Is.GreaterThan(0), "seconds with the positive contactor open in /api/history");
        Assert.That(fault, Is.GreaterThan(0), "seconds with fault 2 in /api/history");
    }

    [Test]
    public async Task A_pylontech_battery_is_chosen_by_auto_logged_and_served_with_what_it_does_not_send()
    {
        using var dir = new TempDirectory();
        int udp = FreePort.Udp();
        int web = FreePort.Tcp();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(5) };
        using var app = ChildProcess.StartDll("fbdisplay.dll", Args(dir, udp, web));
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        using var sim = ChildProcess.StartDll("fbdisplay-sim.dll",
            ["--target", "127.0.0.1", "--port", $"{udp}", "--interval", "0.25", "--count", "40", "--quiet", "--protocol", "pylontech", "--soc", "64"]);
        JsonElement status = await StatusApi.WaitForAsync(http, s => s.GetProperty("protocol").GetString() == "pylontech" && s.TryGetProperty("bms", out JsonElement b) && b.TryGetProperty("name", out _), 20);
        JsonElement bms = status.GetProperty("bms");
        Assert.Multiple(() =>
        {
            Assert.That(bms.GetProperty("name").GetString(), Is.EqualTo("PYLON"));
            Assert.That(bms.GetProperty("chargeVoltageLimit").GetDouble(), Is.GreaterThan(40));
            Assert.That(bms.GetProperty("notSent").EnumerateArray().Select(e => e.GetString()), Does.Contain("ampHours").And.Contain("cellsMv"));
            Assert.That(status.GetProperty("soc").GetDouble(), Is.EqualTo(64).Within(1));
            Assert.That(status.GetProperty("packVolts").GetDouble(), Is.GreaterThan(40));
        });
        await app.WaitForLineAsync("Battery protocol: PYLONTECH (chosen by Auto", TimeSpan.FromSeconds(10));

        // The manual's log keeps its columns; AH holds 0 for a battery that sends no amp-hours (docs/wire-formats.md).
        string log = dir.File("data/PowerSafe100.log");
        for (int i = 0; i < 50 && (!File.Exists(log) || File.ReadAllLines(log).Length < 2); i++)
        {
            await Task.Delay(200);
        }

        string[] line = File.ReadAllLines(log)[^1].Split(',');
        Assert.That(line, Has.Length.EqualTo(7));
        Assert.That(double.Parse(line[1], CultureInfo.InvariantCulture), Is.EqualTo(64).Within(1));
        Assert.That(double.Parse(line[5], CultureInfo.InvariantCulture), Is.Zero);
    }

    private static string[] Args(TempDirectory dir, int udp, int web) =>
    [
        $"--DataDir={dir.File("data")}", $"--Udp:Port={udp}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
        $"--Web:Urls=http://127.0.0.1:{web}", "--Log:FlushSeconds=1",
    ];

    private static bool Raised(JsonElement status, string alarm) =>
        status.GetProperty("alarms").GetProperty("raised").EnumerateArray().Any(a => a.GetString() == alarm);
}
