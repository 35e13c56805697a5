using System.Net;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Services.Controller;
using FbDisplay.Services.Logging;
using FbDisplay.Services.Storage;
using FbDisplay.Settings;
using FbDisplay.Simulator;
using FbDisplay.TestSupport;
using FbDisplay.Ui.Settings;
using Microsoft.Extensions.Configuration;

namespace FbDisplay.App.Tests;

public class SettingsBackendTests
{
    private static readonly ControllerLimits Limits = new(4.15f, 3.25f, 4.05f, 0.02f, 55f, 0f, 464f);

    [Test]
    public async Task Saving_controller_limits_reaches_the_controller_and_changes_its_cutoffs()
    {
        using var dir = new TempDirectory();
        var battery = new BatterySimulator(4);
        using var server = new ControllerServer(battery, 0, IPAddress.Loopback);
        server.Start();
        using var link = new ControllerLink(new ControllerLinkOptions { Port = server.Port }, () => IPAddress.Loopback, TimeProvider.System);
        await using var log = new PowerSafeLogWriter(dir.Path, TimeProvider.System);
        var backend = new SettingsBackend(SettingsReader.Defaults, new SettingsFile(dir.Path, TimeProvider.System), log, new FrameCounters(), TimeProvider.System, () => { })
        {
            Controller = link,
        };

        FbDisplay.Ui.Settings.ControllerSendResult result = await backend.SaveControllerLimitsAsync(Limits, CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(ControllerSendStatus.Sent), result.Message);
        Assert.That(battery.HighCutoffVolts, Is.EqualTo(4.15f).Within(1e-4));
        Assert.That(battery.LowCutoffVolts, Is.EqualTo(3.25f).Within(1e-4));
    }

    [Test]
    public async Task With_no_controller_known_the_screen_is_told_so()
    {
        using var dir = new TempDirectory();
        using var link = new ControllerLink(new ControllerLinkOptions(), () => null, TimeProvider.System);
        await using var log = new PowerSafeLogWriter(dir.Path, TimeProvider.System);
        var backend = new SettingsBackend(SettingsReader.Defaults, new SettingsFile(dir.Path, TimeProvider.System), log, new FrameCounters(), TimeProvider.System, () => { })
        {
            Controller = link,
        };

        FbDisplay.Ui.Settings.ControllerSendResult result = await backend.SaveControllerLimitsAsync(Limits, CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(ControllerSendStatus.NoControllerKnown));
        Assert.That(result.Message, Does.Contain("No controller address known"));
    }

    [Test]
    public async Task Copy_log_without_the_drive_answers_in_the_displays_language_and_journals_the_drives_english()
    {
        using var dir = new TempDirectory();
        await using var log = new PowerSafeLogWriter(dir.Path, TimeProvider.System);
        File.WriteAllText(log.FilePath, "a line\n");
        var journal = new List<string>();
        var backend = new SettingsBackend(SettingsReader.Defaults, new SettingsFile(dir.Path, TimeProvider.System), log, new FrameCounters(), TimeProvider.System, () => { })
        {
            BatteryDrive = new DirectoryDrive(dir.File("no-such-drive")),
            Journal = journal.Add,
        };

        SettingsResult r = await backend.CopyLogAsync(CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(r.Ok, Is.False);
            Assert.That(r.In(Core.Text.DisplayLanguage.German), Is.EqualTo("Kein USB-Laufwerk BATTERY eingesteckt."));
            Assert.That(journal, Is.EqualTo(new[] { $"No drive at {dir.File("no-such-drive")}." }), "the journal has the drive's own English words");
            Assert.That(r.Message, Is.EqualTo(journal[0]));
        });
    }

    [Test]
    public async Task Saved_settings_the_display_can_take_live_are_applied_and_the_rest_wait_for_a_restart()
    {
        using var dir = new TempDirectory();
        await using var log = new PowerSafeLogWriter(dir.Path, TimeProvider.System);
        var applied = new List<string>();
        var backend = new SettingsBackend(SettingsReader.Defaults, new SettingsFile(dir.Path, TimeProvider.System), log, new FrameCounters(), TimeProvider.System, () => { })
        {
            ApplyLive = (key, value) =>
            {
                bool live = key == "Battery:InvertCurrent";
                if (live)
                {
                    applied.Add($"{key}={value}");
                }

                return live;
            },
        };

        SettingsResult both = backend.Save(new Dictionary<string, string> { ["Battery:InvertCurrent"] = "true", ["Udp:Port"] = "6501" });
        SettingsResult liveOnly = backend.Save(new Dictionary<string, string> { ["Battery:InvertCurrent"] = "false" });

        Assert.That(both.Message, Is.EqualTo("Saved. 1 applied now, 1 after a restart."));
        Assert.That(liveOnly.Message, Is.EqualTo("Saved and applied."));
        Assert.That(applied, Is.EqualTo(new[] { "Battery:InvertCurrent=true", "Battery:InvertCurrent=false" }));
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "settings.json")), Does.Contain("6501"));
    }

    [Test]
    public async Task Alarm_thresholds_pack_capacity_and_the_temperature_unit_apply_at_save_without_a_restart()
    {
        using var dir = new TempDirectory();
        var config = new SettingsReader(new Dictionary<string, string?> { ["Alarms:CellSpread:Threshold"] = "120" });
        var settings = new AppSettings { DataDir = dir.Path, Framebuffer = "", WebUrls = "" };
        await using var app = new Appliance(settings, config, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        Assert.That(app.Alarms.Monitor.Settings[Core.Alarms.AlarmKind.CellSpread].Threshold, Is.EqualTo(120), "read from the configuration");

        Assert.That(app.Live.Apply("Alarms:SocLow:Threshold", "30"), Is.True);
        Assert.That(app.Alarms.Monitor.Settings[Core.Alarms.AlarmKind.SocLow].Threshold, Is.EqualTo(30));
        Assert.That(app.Alarms.Monitor.Settings[Core.Alarms.AlarmKind.SocLow].Delay, Is.EqualTo(new Core.Alarms.AlarmSettings()[Core.Alarms.AlarmKind.SocLow].Delay), "only the threshold changes");
        Assert.That(app.Live.Apply("Alarms:Fire:Threshold", "30"), Is.False, "an unknown alarm waits for nothing and changes nothing");
        Assert.That(app.Live.Apply("Alarms:SocLow:Threshold", "300"), Is.False, "a value the setting does not take waits for a restart, where it is reported");
        Assert.That(app.Live.Apply("Controller:CapacityAh", "280"), Is.True);
        Assert.That(app.Energy.CapacityAmpHours, Is.EqualTo(280f));
        Assert.That(app.Live.Apply("Display:Brightness", "50"), Is.False, "headless: the brightness waits for a start with a screen");
    }

    [Test]
    public async Task Every_setting_the_catalogue_calls_live_has_a_handler_and_no_other_has_one()
    {
        using var dir = new TempDirectory();
        var settings = new AppSettings { DataDir = dir.Path, Framebuffer = "", WebUrls = "" };
        await using var app = new Appliance(settings, SettingsReader.Defaults, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        string[] live = Catalog.All.Where(s => s.Apply == SettingApply.Live).Select(s => s.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.That(live, Has.Length.GreaterThan(5));
        Assert.That(app.Live.Keys.Order(StringComparer.Ordinal), Is.EqualTo(live));
    }

    [Test]
    public async Task A_page_reads_what_save_wrote_then_what_the_display_started_with_in_the_catalogues_spelling()
    {
        using var dir = new TempDirectory();
        await using var log = new PowerSafeLogWriter(dir.Path, TimeProvider.System);
        var started = new SettingsReader(new Dictionary<string, string?>
        {
            ["mqtt:mode"] = "receiver",
            ["Display:TemperatureUnit"] = "Fahrenheit",
            ["Udp:Port"] = "abc",
        });
        var backend = new SettingsBackend(started, new SettingsFile(dir.Path, TimeProvider.System), log, new FrameCounters(), TimeProvider.System, () => { });
        Assert.That(backend.Get("Mqtt:Mode"), Is.EqualTo("Receiver"));
        Assert.That(backend.Get("Display:TemperatureUnit"), Is.EqualTo("F"));
        Assert.That(backend.Get("Udp:Port"), Is.Null, "a value the display did not take: the page shows the default it uses");
        Assert.That(backend.Get("History:Enabled"), Is.Null, "not set: the page shows the catalogue's default");

        backend.Save(new Dictionary<string, string> { ["Udp:Port"] = "6501" });
        Assert.That(backend.Get("Udp:Port"), Is.EqualTo("6501"), "what SAVE wrote wins");
    }
}
