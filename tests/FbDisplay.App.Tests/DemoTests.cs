using System.Globalization;
using System.Text.Json;
using FbDisplay.Core.Logging;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// The demo as the Demo target runs it: the simulator lives four days in a moment into PowerSafe100.log, the display
/// starts on that data directory with Demo:HistoryLog. What a newcomer sees in the first minute must agree with itself:
/// today's kWh with the power history shown, and the SOC change with the amp-hours over the one capacity both use.
/// </summary>
[NonParallelizable]
public class DemoTests
{
    private const int CapacityAh = 928;

    [Test]
    public async Task The_demo_starts_with_four_days_whose_energy_and_soc_agree_with_its_history()
    {
        using var dir = new TempDirectory();
        string data = dir.File("data");
        Directory.CreateDirectory(data);
        string log = Path.Combine(data, PowerSafeLogLine.FileName);
        int udp = FreePort.Udp();
        int web = FreePort.Tcp();
        using (var sim = ChildProcess.StartDll("fbdisplay-sim.dll",
            ["--target", "127.0.0.1", "--port", $"{udp}", "--modules", "8", "--capacity", $"{CapacityAh}", "--backfill-days", "4", "--backfill-log", log, "--count", "1", "--quiet"]))
        {
            await sim.WaitForLineAsync("sent", TimeSpan.FromSeconds(60));
            TestContext.Out.WriteLine(sim.Output);
        }

        using var app = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={data}", $"--Udp:Port={udp}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{web}", $"--Controller:CapacityAh={CapacityAh}", $"--Demo:HistoryLog={log}",
        ]);
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(30) };

        using JsonDocument status = JsonDocument.Parse(await http.GetStringAsync("/api/status"));
        JsonElement energy = status.RootElement.GetProperty("energy");
        double todayIn = energy.GetProperty("todayInKWh").GetDouble(), todayOut = energy.GetProperty("todayOutKWh").GetDouble();
        double totalIn = energy.GetProperty("totalInKWh").GetDouble();

        // Today's power history as the web page's graph asks for it (one-minute buckets), integrated.
        DateTime now = TimeProvider.System.GetLocalNow().DateTime;
        long midnight = new DateTimeOffset(now.Date, TimeZoneInfo.Local.GetUtcOffset(now.Date)).ToUnixTimeSeconds();
        long to = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        using JsonDocument history = JsonDocument.Parse(await http.GetStringAsync($"/api/history?from={midnight}&to={to}&step=60"));
        double step = history.RootElement.GetProperty("step").GetDouble();
        double historyIn = 0, historyOut = 0;
        foreach (JsonElement w in history.RootElement.GetProperty("watts").EnumerateArray())
        {
            if (w.ValueKind == JsonValueKind.Number)
            {
                double wh = w.GetDouble() * step / 3600;
                historyIn += Math.Max(wh, 0) / 1000;
                historyOut += Math.Max(-wh, 0) / 1000;
            }
        }

        // The four days as PowerSafe100.log lines from the history store: SOC against the amp-hour counter.
        string csv = await http.GetStringAsync($"/api/log.csv?from={to - (4 * 86400) - 60}&to={to}");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(PowerSafeLogLine.TryParse(lines[0], out LogRecord first) && PowerSafeLogLine.TryParse(lines[^1], out _), Is.True, lines[0]);
        PowerSafeLogLine.TryParse(lines[^1], out LogRecord last);
        double socChange = last.SocPercent - first.SocPercent;
        double ahChange = (last.AmpHours - first.AmpHours) / CapacityAh * 100;

        string figures = string.Create(CultureInfo.InvariantCulture,
            $"{lines.Length} seconds of history ({(last.LocalTime - first.LocalTime).TotalHours:0.0} h); today in {todayIn:0.000} kWh (history {historyIn:0.000}), "
            + $"out {todayOut:0.000} kWh (history {historyOut:0.000}); total in {totalIn:0.000} kWh; SOC {first.SocPercent:0.0} -> {last.SocPercent:0.0} % "
            + $"= {socChange:0.00} points, amp-hours over {CapacityAh} Ah {ahChange:0.00} points");
        TestContext.Out.WriteLine(figures);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.GreaterThan((4 * 86400) - 120), "four days of seconds in the history");
            Assert.That(app.Output, Does.Contain("Energy counters counted up from"));
            Assert.That(totalIn, Is.GreaterThan(todayIn), "the past days count in the total");
            Assert.That(todayIn + todayOut, Is.GreaterThan(0.01), figures);
            Assert.That(todayIn, Is.EqualTo(historyIn).Within(5).Percent.Or.EqualTo(historyIn).Within(0.01), "today's kWh in against the power history");
            Assert.That(todayOut, Is.EqualTo(historyOut).Within(5).Percent.Or.EqualTo(historyOut).Within(0.01), "today's kWh out against the power history");
            Assert.That(Math.Abs(socChange), Is.GreaterThan(1), figures);
            Assert.That(socChange, Is.EqualTo(ahChange).Within(5).Percent, "SOC follows the amp-hours over the one capacity");
        });

        Assert.That(app.Terminate(TimeSpan.FromSeconds(20)), Is.True);
        Assert.That(app.Output, Does.Not.Contain("Unhandled exception"));
    }
}
