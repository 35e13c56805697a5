using System.Text.Json.Nodes;
using FbDisplay.Services.Storage;
using FbDisplay.Services.Update;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Update;

public class UpdateHealthTests
{
    private static async Task<(UpdateKit Kit, ManualTimeProvider Time)> InstalledAsync()
    {
        var kit = new UpdateKit();
        var time = new ManualTimeProvider();
        UpdateResult r = await kit.InstallAsync(kit.Bundle("0.2.0"), time: time);
        Assert.That(r.Installed, Is.True, r.Message);
        return (kit, time);
    }

    [Test]
    public async Task A_new_version_that_restarts_in_a_loop_is_rolled_back_on_its_fourth_start()
    {
        (UpdateKit kit, ManualTimeProvider time) = await InstalledAsync();
        using (kit)
        {
            var health = new UpdateHealth(kit.Layout, time) { MaxStarts = 3 };
            for (int start = 1; start <= 3; start++)
            {
                time.Advance(TimeSpan.FromSeconds(5));
                UpdateStartCheck check = health.OnStart("0.2.0");
                Assert.That(check, Is.EqualTo(new UpdateStartCheck(false, null, true)), $"start {start}");
                Assert.That(PendingUpdate.TryRead(kit.Layout.PendingFile)!.Starts, Is.EqualTo(start));
            }

            UpdateStartCheck fourth = health.OnStart("0.2.0");
            Assert.That(fourth.RollBack, Is.True);
            Assert.That(fourth.Message, Is.EqualTo("Update to 0.2.0 failed (it restarted 3 times); rolled back to 0.1.0."));
            Assert.That(kit.Layout.CurrentVersion(), Is.EqualTo("0.1.0"));
            Assert.That(File.Exists(kit.Layout.PendingFile), Is.False);

            // The old version starts and shows what happened; once healthy it clears the message.
            UpdateStartCheck old = health.OnStart("0.1.0");
            Assert.That(old, Is.EqualTo(new UpdateStartCheck(false, "Update to 0.2.0 failed (it restarted 3 times); rolled back to 0.1.0.", false)));
            Assert.That(health.MarkHealthy("0.1.0"), Is.Null);
            Assert.That(health.OnStart("0.1.0").Message, Is.Null);
        }
    }

    [Test]
    public async Task A_new_version_not_healthy_by_the_deadline_is_rolled_back_at_its_next_start()
    {
        (UpdateKit kit, ManualTimeProvider time) = await InstalledAsync();
        using (kit)
        {
            var health = new UpdateHealth(kit.Layout, time) { Deadline = TimeSpan.FromMinutes(10) };
            Assert.That(health.OnStart("0.2.0").OnTrial, Is.True);
            time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
            UpdateStartCheck late = health.OnStart("0.2.0");
            Assert.That(late.RollBack, Is.True);
            Assert.That(late.Message, Is.EqualTo("Update to 0.2.0 failed (it was not healthy within 10 minutes); rolled back to 0.1.0."));
            Assert.That(kit.Layout.CurrentVersion(), Is.EqualTo("0.1.0"));
            Assert.That(File.ReadAllText(Path.Combine(kit.Layout.ReleaseDirectory("0.1.0"), "fbdisplay")), Does.Contain("0.1.0"), "the old release is as it was");
        }
    }

    [Test]
    public async Task A_healthy_new_version_ends_its_trial_and_stays()
    {
        (UpdateKit kit, ManualTimeProvider time) = await InstalledAsync();
        using (kit)
        {
            var health = new UpdateHealth(kit.Layout, time);
            Assert.That(health.OnStart("0.2.0").OnTrial, Is.True);
            Assert.That(health.MarkHealthy("0.2.0"), Is.EqualTo("Updated from 0.1.0 to 0.2.0."));
            time.Advance(TimeSpan.FromHours(1));
            for (int i = 0; i < 5; i++)
            {
                Assert.That(health.OnStart("0.2.0"), Is.EqualTo(new UpdateStartCheck(false, null, false)));
            }

            Assert.That(kit.Layout.CurrentVersion(), Is.EqualTo("0.2.0"));
        }
    }

    [Test]
    public async Task A_pending_record_whose_switch_never_happened_is_discarded()
    {
        using var kit = new UpdateKit();
        var time = new ManualTimeProvider();
        new PendingUpdate("0.1.0", "0.2.0", time.GetUtcNow(), 0, 0).Write(kit.Layout.PendingFile);
        UpdateStartCheck check = new UpdateHealth(kit.Layout, time).OnStart("0.1.0");
        Assert.That(check, Is.EqualTo(new UpdateStartCheck(false, null, false)));
        Assert.That(File.Exists(kit.Layout.PendingFile), Is.False);
        Assert.That(kit.Layout.CurrentVersion(), Is.EqualTo("0.1.0"));
        await Task.CompletedTask;
    }

    [Test]
    public void The_guard_script_rolls_back_a_release_that_never_reaches_main()
    {
        // image/pi/fbdisplay-guard.sh is systemd's ExecStartPre: it counts starts too, for a release so broken that the
        // .NET code never runs (here: current points at a release whose binary is missing).
        using var kit = new UpdateKit();
        Directory.CreateDirectory(kit.Layout.ReleaseDirectory("0.2.0"));
        kit.Layout.SwitchCurrent("0.2.0");
        new PendingUpdate("0.1.0", "0.2.0", TimeProvider.System.GetUtcNow(), 0, 0).Write(kit.Layout.PendingFile);
        string guard = Path.Combine(RepoRoot(), "image", "pi", "fbdisplay-guard.sh");
        for (int i = 1; i <= 5; i++)
        {
            (int code, string output) = Run(guard, kit.Layout.Root);
            Assert.That(code, Is.Zero, output);
            Assert.That(kit.Layout.CurrentVersion(), Is.EqualTo("0.2.0"), $"start {i}: {output}");
        }

        (int last, string said) = Run(guard, kit.Layout.Root);
        Assert.That(last, Is.Zero, said);
        Assert.That(said, Does.Contain("rolled back to 0.1.0"));
        Assert.That(kit.Layout.CurrentVersion(), Is.EqualTo("0.1.0"));
        Assert.That(new FileInfo(kit.Layout.Current).LinkTarget, Is.EqualTo("releases/0.1.0"));
        Assert.That(kit.Layout.ReadMessage(), Is.EqualTo("Update to 0.2.0 failed (it did not come up in 5 starts); rolled back to 0.1.0."));
        Assert.That(File.Exists(kit.Layout.PendingFile), Is.False);
        Assert.That(Run(guard, kit.Layout.Root).Code, Is.Zero, "nothing pending: nothing to do");
    }

    [Test]
    public void A_settings_file_is_migrated_forward_once_and_keeps_everything_else()
    {
        using var dir = new TempDirectory();
        string path = dir.File("settings.json");
        File.WriteAllText(path, """{ "Udp": { "Port": "6501" }, "Display": { "Rotate": "180" } }""");
        var migration = new SettingsMigration([root =>
        {
            // schema 1 -> 2: Display:Rotate was renamed Display:Rotation
            if (root["Display"] is JsonObject display && display["Rotate"] is { } value)
            {
                display.Remove("Rotate");
                display["Rotation"] = value.DeepClone();
            }
        }]);
        Assert.That(migration.MigrateFile(path), Is.EqualTo("settings.json migrated from schema 1 to 2."));
        JsonObject migrated = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.That(migrated["Display"]!["Rotation"]!.GetValue<string>(), Is.EqualTo("180"));
        Assert.That(migrated["Display"]!["Rotate"], Is.Null);
        Assert.That(migrated["Udp"]!["Port"]!.GetValue<string>(), Is.EqualTo("6501"));
        Assert.That(SettingsMigration.SchemaOf(migrated), Is.EqualTo(2));
        Assert.That(migration.MigrateFile(path), Is.Null, "already at schema 2");
        Assert.That(SettingsMigration.Current.MigrateFile(path), Is.Null, "a newer file is left alone by an older version");
    }

    private static (int Code, string Output) Run(string script, string root)
    {
        using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", [script, root])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    private static string RepoRoot() => RepositoryRoot.Find();
}
