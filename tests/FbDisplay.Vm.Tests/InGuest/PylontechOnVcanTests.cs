using System.Globalization;
using System.Text.Json.Nodes;
using FbDisplay.Vm.Tests.Harness;
using static FbDisplay.Vm.Tests.InGuest.MainScreenRegions;

namespace FbDisplay.Vm.Tests.InGuest;

/// <summary>
/// A Pylontech-protocol battery played by can-utils' <c>cansend</c> (not our code) on the guest's vcan0: the app in its
/// default Battery:Protocol=Auto takes it, shows it on fb0 (screendump), serves it and logs it with the manual's columns.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PylontechOnVcanTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan FirstAnswer = TimeSpan.FromSeconds(60);

    /// <summary>One second of a 51.2 V pack: name, limits, SOC/SOH, V/A/T, alarms, requests (docs/wire-formats.md).</summary>
    private static readonly string[] Frames =
    [
        "35E#50594C4F4E202020", // "PYLON   "
        "351#3002E803DC05CC01", // 56.0 V, 100.0 A, 150.0 A, 46.0 V
        "355#47006200",         // SOC 71 %, SOH 98 %
        "356#7214EEFEEB00",     // 52.34 V, -27.4 A, 23.5 °C
        "359#0000000002504E",   // no protection, no warning, 2 packs, "PN"
        "35C#C000",             // charge and discharge enabled
    ];

    [Test]
    public async Task A_pylontech_battery_sent_with_cansend_is_chosen_shown_and_logged()
    {
        await using var app = await AppInVm.StartAsync();
        try
        {
            await RunAsync(app);
        }
        catch (Exception e) when (e is not SuccessException)
        {
            TestContext.Out.WriteLine(app.Vm.Transcript); // the guest's serial console: the app's journal
            throw;
        }
    }

    private static async Task RunAsync(AppInVm app)
    {
        await app.WaitForWebAsync();
        await app.WaitForLineAsync("Reading CAN frames from vcan0", Step);

        foreach (string frame in Frames)
        {
            await SendAsync(app, frame);
        }

        JsonObject status = await app.WaitForStatusAsync(s => s["protocol"]?.GetValue<string>() == "pylontech" && s["bms"]?["name"] is not null, FirstAnswer);
        await app.WaitForLineAsync("Battery protocol: PYLONTECH (chosen by Auto", Step);

        // Fresh again (the first answer can take longer than the 5 s after which values go stale), then the screen.
        foreach (string frame in Frames)
        {
            await SendAsync(app, frame);
        }

        PpmImage shot = await app.Vm.WaitForScreenAsync(
            s => BackgroundPoints.All(p => s[p.X, p.Y] == Background) && Waiting.Count(s, IsAmber) == 0 && Kilowatts.Count(s, IsWhite) > 300, Step);
        AppInVm.Attach(shot, "pylontech");

        // Keep the pack fresh for a few seconds of log lines.
        for (int i = 0; i < 4; i++)
        {
            await SendAsync(app, Frames[3]);
            await Task.Delay(TimeSpan.FromMilliseconds(700), TimeProvider.System);
        }

        int mark = app.Vm.SerialLines.Count;
        await app.CommandAsync("log-tail");
        string tail = await app.WaitForLineAsync("LOG-TAIL ", Step, mark);
        string[] line = tail["LOG-TAIL ".Length..].Split(',');
        double metric = await app.MetricAsync("fbdisplay_frames_accepted_total");
        TestContext.Out.WriteLine($"status {status.ToJsonString()}");
        TestContext.Out.WriteLine($"log: {tail}");
        Assert.Multiple(() =>
        {
            Assert.That(status["soc"]?.GetValue<double>(), Is.EqualTo(71));
            Assert.That(status["packVolts"]?.GetValue<double>(), Is.EqualTo(52.3).Within(0.05));
            Assert.That(status["currentAmps"]?.GetValue<double>(), Is.EqualTo(-27.4).Within(0.01));
            Assert.That(status["bms"]?["name"]?.GetValue<string>(), Is.EqualTo("PYLON"));
            Assert.That(status["bms"]?["chargeVoltageLimit"]?.GetValue<double>(), Is.EqualTo(56.0));
            Assert.That(status["bms"]?["soh"]?.GetValue<double>(), Is.EqualTo(98));
            Assert.That(status["frames"]?["rejected"]?.GetValue<long>(), Is.Zero);
            Assert.That(metric, Is.GreaterThanOrEqualTo(Frames.Length + 4));
            Assert.That(line, Has.Length.EqualTo(7), "the manual's seven columns");
            Assert.That(double.Parse(line[1], CultureInfo.InvariantCulture), Is.EqualTo(71.0));
            Assert.That(double.Parse(line[2], CultureInfo.InvariantCulture), Is.EqualTo(52.3).Within(0.05));
            Assert.That(double.Parse(line[5], CultureInfo.InvariantCulture), Is.Zero, "AH: not sent by this battery");
        });

        Assert.That(await app.QuitAsync(), Is.Zero, app.Vm.Transcript);
    }

    private static async Task SendAsync(AppInVm app, string frame)
    {
        int mark = app.Vm.SerialLines.Count;
        await app.CommandAsync("cansend " + frame);
        await app.WaitForLineAsync("CANSEND-DONE 0", Step, mark);
    }

}
