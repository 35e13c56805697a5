using FbDisplay.TestSupport;

namespace FbDisplay.App.Tests;

/// <summary>
/// Failures that used to stay silent (issue 17, row 11) reach the journal once, with their reason, while the display
/// keeps running: a log that cannot be written, a broker that cannot be reached, a password sent over plain MQTT.
/// </summary>
[NonParallelizable]
public class FailureNoticesTests
{
    [Test]
    public async Task A_log_that_cannot_be_written_and_an_unreachable_broker_are_logged_once_with_their_reason()
    {
        using var dir = new TempDirectory();
        string data = dir.File("data");
        Directory.CreateDirectory(Path.Combine(data, "PowerSafe100.log")); // a directory where the log should be
        int web = FreePort.Tcp();
        int broker = FreePort.Tcp(); // nothing listens there
        int udp = FreePort.Udp();
        using var app = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={data}", $"--Udp:Port={udp}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{web}", "--Mqtt:Mode=Sender", $"--Mqtt:Url=mqtt://127.0.0.1:{broker}",
            "--Mqtt:Username=pi", "--Mqtt:Password=raspberry", "--Mqtt:BmsId=test",
        ]);
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(30));
        using (var sim = ChildProcess.StartDll("fbdisplay-sim.dll", ["--target", "127.0.0.1", "--port", $"{udp}", "--interval", "0.5", "--count", "8", "--quiet"]))
        {
            await sim.WaitForLineAsync("sent", TimeSpan.FromSeconds(30));
        }

        string logLine = await app.WaitForLineAsync("Log failing:", TimeSpan.FromSeconds(30));
        string mqttLine = await app.WaitForLineAsync("MQTT failing:", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // more seconds of the same failures: no more lines
        TestContext.Out.WriteLine(logLine + "\n" + mqttLine);
        Assert.Multiple(() =>
        {
            Assert.That(app.Output, Does.Contain("crosses the network unencrypted"), "the password over plain mqtt:// is named");
            Assert.That(app.Output, Does.Not.Contain("raspberry"), "never the password itself");
            Assert.That(logLine, Does.Contain("PowerSafe100.log"), "the log's reason");
            Assert.That(app.Lines.Count(l => l.Contains("Log failing:", StringComparison.Ordinal)), Is.EqualTo(1), "once, not every second");
            Assert.That(app.HasExited, Is.False, "the display keeps running");
        });

        Assert.That(app.Terminate(TimeSpan.FromSeconds(20)), Is.True);
        Assert.That(app.ExitCode, Is.Zero, app.Output);
        Assert.That(app.Output, Does.Not.Contain("Unhandled exception"));
    }
}
