using System.Globalization;
using System.Text.Json;
using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// A closed terminal (SIGHUP), Ctrl-C (SIGINT) and systemd (SIGTERM) all stop the real program cleanly: exit 0, the
/// last line said, and energy.json holding the counters the web page showed. The store saves once a minute, and this
/// test stops well within the first minute, so the file exists only if the stop saved it.
/// </summary>
[NonParallelizable]
public class StopSignalTests
{
    [TestCase("SIGHUP")]
    [TestCase("SIGINT")]
    [TestCase("SIGTERM")]
    public async Task A_stop_signal_ends_the_app_with_exit_0_and_its_saves(string signal)
    {
        using var dir = new TempDirectory();
        int udp = FreePort.Udp();
        int web = FreePort.Tcp();
        string[] args =
        [
            $"--DataDir={dir.File("data")}", $"--Udp:Port={udp}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{web}", "--Controller:CapacityAh=232",
        ];
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(5) };
        var sinceStart = System.Diagnostics.Stopwatch.StartNew();
        using var app = ChildProcess.StartDll("fbdisplay.dll", args);
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        using (var sim = ChildProcess.StartDll("fbdisplay-sim.dll", ["--target", "127.0.0.1", "--port", $"{udp}", "--interval", "0.25", "--soc", "60", "--start", "12:00", "--count", "16", "--quiet"]))
        {
            await sim.WaitForLineAsync("sent", TimeSpan.FromSeconds(30));
        }

        // The last sample has been counted once the published totals stop changing: unchanged over six reads (3 s), as
        // two equal reads 0.5 s apart can fall between two seconds of counting on a loaded machine.
        double shownIn = -1, shownOut = -1;
        int unchanged = 0;
        for (int i = 0; i < 60 && unchanged < 6; i++)
        {
            await Task.Delay(500);
            using JsonDocument doc = JsonDocument.Parse(await http.GetStringAsync("/api/status"));
            if (!doc.RootElement.TryGetProperty("energy", out JsonElement energy))
            {
                continue;
            }

            double totalIn = energy.GetProperty("totalInKWh").GetDouble(), totalOut = energy.GetProperty("totalOutKWh").GetDouble();
            unchanged = totalIn == shownIn && totalOut == shownOut ? unchanged + 1 : 0;
            (shownIn, shownOut) = (totalIn, totalOut);
        }

        Assert.That(unchanged, Is.GreaterThanOrEqualTo(6), "the published totals settled after the simulator stopped");
        Assert.That(shownIn + shownOut, Is.GreaterThan(0), "four seconds of a working pack moved some energy");
        if (sinceStart.Elapsed < TimeSpan.FromSeconds(50))
        {
            Assert.That(File.Exists(dir.File("data/energy.json")), Is.False, "no timed save yet: the file can only come from the stop");
        }
        else
        {
            TestContext.Out.WriteLine("A slow start: the minute's save may have run; the exit code and the saved totals still check the stop.");
        }

        bool exited = signal switch
        {
            "SIGHUP" => app.HangUp(TimeSpan.FromSeconds(20)),
            "SIGINT" => app.Interrupt(TimeSpan.FromSeconds(20)),
            _ => app.Terminate(TimeSpan.FromSeconds(20)),
        };

        Assert.That(exited, Is.True, $"{signal} ends the app. Output:\n{app.Output}");
        Assert.That(app.ExitCode, Is.Zero, app.Output);
        Assert.That(app.Output, Does.Contain("fbdisplay stopping"));
        Assert.That(app.Output, Does.Not.Contain("Unhandled exception"));
        using JsonDocument saved = JsonDocument.Parse(File.ReadAllText(dir.File("data/energy.json")));
        Assert.That(saved.RootElement.GetProperty("totalChargedWh").GetDouble() / 1000, Is.EqualTo(shownIn).Within(0.0005), "energy in saved as shown");
        Assert.That(saved.RootElement.GetProperty("totalDischargedWh").GetDouble() / 1000, Is.EqualTo(shownOut).Within(0.0005), "energy out saved as shown");
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{signal}: in {shownIn} kWh, out {shownOut} kWh saved"));
    }
}
