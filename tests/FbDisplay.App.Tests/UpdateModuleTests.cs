using System.Security.Cryptography;
using FbDisplay.Services.Storage;
using FbDisplay.Services.Update;
using FbDisplay.Settings;
using FbDisplay.TestSupport;
using FbDisplay.Ui.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace FbDisplay.App.Tests;

/// <summary>The app's side of updates: UPDATE SOFTWARE through the wiring, the restart it asks for, the trial at start, healthy after the heartbeat.</summary>
public class UpdateModuleTests
{
    private sealed class Setup : IDisposable
    {
        public Setup(string running)
        {
            Layout = new ReleaseLayout(Dir.File("opt"));
            Directory.CreateDirectory(Layout.ReleaseDirectory(running));
            File.WriteAllText(Path.Combine(Layout.ReleaseDirectory(running), "fbdisplay"), running);
            File.CreateSymbolicLink(Layout.Current, "releases/" + running);
            File.WriteAllText(Dir.File("update-key.pem"), Key.ExportSubjectPublicKeyInfoPem());
        }

        public TempDirectory Dir { get; } = new("fbd-wiring");

        public ECDsa Key { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public ReleaseLayout Layout { get; }

        public ManualTimeProvider Time { get; } = new();

        public UpdateModule Module(int healthSeconds = 30) => new(
            new SettingsReader(new Dictionary<string, string?>
            {
                ["Update:Root"] = Layout.Root,
                ["Update:PublicKeyFile"] = Dir.File("update-key.pem"),
                ["Update:HealthSeconds"] = healthSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }),
            Time,
            NullLogger.Instance);

        public void Dispose()
        {
            Key.Dispose();
            Dir.Dispose();
        }
    }

    [Test]
    public void The_running_version_is_the_informational_version_without_build_metadata()
    {
        Assert.That(UpdateModule.RunningVersion, Does.Match(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$"));
        Assert.That(UpdateModule.RunningVersion, Is.EqualTo(typeof(UpdateModule).Assembly.GetName().Version!.ToString(3)));
    }

    [Test]
    public async Task UPDATE_SOFTWARE_installs_from_the_drive_then_stops_the_app_for_a_restart()
    {
        using var s = new Setup(UpdateModule.RunningVersion);
        using var drive = new TempDirectory("battery");
        string app = s.Dir.File("app");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "fbdisplay"), "99.0.0");
        UpdateBundleWriter.Write(app, "99.0.0", UpdateInstaller.ProcessRid(), 1, s.Key.ExportECPrivateKeyPem(), Path.Combine(drive.Path, $"fbdisplay-99.0.0-{UpdateInstaller.ProcessRid()}.fbu"));
        UpdateModule wiring = s.Module();
        int stops = 0;
        wiring.RequestStop = () => Interlocked.Increment(ref stops);

        var r = await wiring.UpdateAsync(new DirectoryDrive(drive.Path), CancellationToken.None);
        Assert.That(r.Ok, Is.True, r.Message);
        Assert.That(r.Message, Is.EqualTo("Installed 99.0.0; restarting."));
        Assert.That(wiring.RestartRequested, Is.True);
        Assert.That(wiring.AboutLines(), Is.EqualTo("\nUpdate: Installed 99.0.0; restarting."));
        Assert.That(AboutPanel.Wrap("Update to 0.3.0 failed (it did not come up in 5 starts); rolled back to 0.2.0."),
            Is.EqualTo("\nUpdate to 0.3.0 failed (it did not come up\nin 5 starts); rolled back to 0.2.0."));
        Assert.That(s.Layout.CurrentVersion(), Is.EqualTo("99.0.0"));
        Assert.That(stops, Is.Zero, "the toast is shown first");
        s.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.That(() => Volatile.Read(ref stops), Is.EqualTo(1).After(2000, 10));
    }

    [Test]
    public async Task Without_a_drive_or_a_feed_UPDATE_SOFTWARE_says_so_and_keeps_running()
    {
        using var s = new Setup(UpdateModule.RunningVersion);
        UpdateModule wiring = s.Module();
        var r = await wiring.UpdateAsync(new DirectoryDrive(s.Dir.File("none")), CancellationToken.None);
        Assert.That(r.Ok, Is.False);
        Assert.That(r.Message, Does.EndWith("no update feed is set (Update:FeedUrl). Nothing was installed."));
        Assert.That(wiring.RestartRequested, Is.False);
    }

    [Test]
    public async Task Without_a_network_the_display_restarts_as_the_manual_says_and_still_says_why()
    {
        using var s = new Setup(UpdateModule.RunningVersion);
        int closed = FreePort.Tcp();
        var config = new SettingsReader(new Dictionary<string, string?>
        {
            ["Update:Root"] = s.Layout.Root,
            ["Update:PublicKeyFile"] = s.Dir.File("update-key.pem"),
            ["Update:FeedUrl"] = $"https://127.0.0.1:{closed}/latest.json",
        });
        var wiring = new UpdateModule(config, s.Time, NullLogger.Instance);
        int stops = 0;
        wiring.RequestStop = () => Interlocked.Increment(ref stops);
        var r = await wiring.UpdateAsync(new DirectoryDrive(s.Dir.File("none")), CancellationToken.None);
        Assert.That(r.Ok, Is.False);
        Assert.That(r.Message, Does.StartWith("No network connection to 127.0.0.1 (").And.EndWith("Nothing was installed. Restarting."));
        Assert.That(wiring.RestartRequested, Is.True);
        s.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.That(() => Volatile.Read(ref stops), Is.EqualTo(1).After(2000, 10));
        Assert.That(s.Layout.CurrentVersion(), Is.EqualTo(UpdateModule.RunningVersion), "nothing installed");

        UpdateModule restarted = new(config, s.Time, NullLogger.Instance);
        Assert.That(restarted.CheckAtStart(), Is.False);
        Assert.That(restarted.Message, Does.StartWith("No network connection to 127.0.0.1"));
        Assert.That(restarted.AboutLines(), Does.StartWith("\nNo network connection"));
        Assert.That(restarted.AboutLines().Split('\n').Skip(1), Has.All.Length.InRange(1, AboutPanel.LineChars), "About does not wrap: the lines are wrapped here");
    }

    [Test]
    public void A_version_on_trial_that_keeps_restarting_rolls_back_at_start_and_asks_for_a_restart()
    {
        using var s = new Setup("0.0.9");
        Directory.CreateDirectory(s.Layout.ReleaseDirectory(UpdateModule.RunningVersion));
        s.Layout.SwitchCurrent(UpdateModule.RunningVersion);
        new PendingUpdate("0.0.9", UpdateModule.RunningVersion, s.Time.GetUtcNow(), 3, 3).Write(s.Layout.PendingFile);
        UpdateModule wiring = s.Module();
        Assert.That(wiring.CheckAtStart(), Is.True);
        Assert.That(wiring.RestartRequested, Is.True);
        Assert.That(wiring.Message, Is.EqualTo($"Update to {UpdateModule.RunningVersion} failed (it restarted 3 times); rolled back to 0.0.9."));
        Assert.That(s.Layout.CurrentVersion(), Is.EqualTo("0.0.9"));
    }

    [Test]
    public void A_version_on_trial_becomes_healthy_after_its_loop_ran_for_the_health_time()
    {
        using var s = new Setup("0.0.9");
        Directory.CreateDirectory(s.Layout.ReleaseDirectory(UpdateModule.RunningVersion));
        s.Layout.SwitchCurrent(UpdateModule.RunningVersion);
        new PendingUpdate("0.0.9", UpdateModule.RunningVersion, s.Time.GetUtcNow(), 0, 0).Write(s.Layout.PendingFile);
        UpdateModule wiring = s.Module(healthSeconds: 30);
        Assert.That(wiring.CheckAtStart(), Is.False);
        wiring.Heartbeat();
        s.Time.Advance(TimeSpan.FromSeconds(29));
        wiring.Heartbeat();
        Assert.That(File.Exists(s.Layout.PendingFile), Is.True, "still on trial");
        s.Time.Advance(TimeSpan.FromSeconds(1));
        wiring.Heartbeat();
        Assert.That(() => File.Exists(s.Layout.PendingFile), Is.False.After(2000, 10));
        Assert.That(wiring.Message, Is.EqualTo($"Updated from 0.0.9 to {UpdateModule.RunningVersion}."));
    }
}
