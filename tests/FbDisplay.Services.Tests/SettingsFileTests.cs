using FbDisplay.Services.Storage;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests;

public class SettingsFileTests
{
    [Test]
    public void A_broken_settings_file_is_set_aside_with_a_message_and_defaults_are_used()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 24, 7, 0, 0, TimeSpan.Zero));
        File.WriteAllText(dir.File("settings.json"), "{ \"Udp\": { \"Port\": 65");
        var file = new SettingsFile(dir.Path, time);
        Assert.That(file.LoadOrRecover(), Is.Empty);
        Assert.That(file.RecoveryMessage, Does.Contain("broken").And.Contain("settings.json.broken-20261124-070000"));
        Assert.That(File.Exists(dir.File("settings.json")), Is.False);
        Assert.That(File.ReadAllText(dir.File("settings.json.broken-20261124-070000")), Does.StartWith("{ \"Udp\""));
    }

    /// <summary>afl's first finding in the settings target: an unhandled InvalidOperationException at start.</summary>
    [TestCase(new byte[] { 0x7B, 0x22, 0x41, 0x22, 0x3A, 0x7B, 0x22, 0xB3, 0x6F, 0x77, 0x22, 0x3A, 0x2D, 0x35, 0x7D, 0x7D }, TestName = "A name that is not UTF-8")]
    [TestCase(new byte[] { 0x7B, 0x22, 0x41, 0x22, 0x3A, 0x7B, 0x22, 0x42, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D, 0x7D }, TestName = "A value that is not UTF-8")]
    public void A_settings_file_that_is_not_utf8_is_set_aside(byte[] content)
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
        File.WriteAllBytes(dir.File("settings.json"), content);
        var file = new SettingsFile(dir.Path, time);
        Assert.That(file.LoadOrRecover(), Is.Empty);
        Assert.That(file.RecoveryMessage, Does.Contain("not valid UTF-8"));
        Assert.That(File.ReadAllBytes(dir.File("settings.json.broken-20261203-120000")), Is.EqualTo(content), "kept as it was");
    }

    [Test]
    public void A_save_removes_the_temporary_file_a_power_cut_left_from_an_earlier_save()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("settings.json"), "old");
        File.WriteAllText(dir.File(".settings.json.329.tmp"), "half a save");
        File.WriteAllText(dir.File(".alarms.json.329.tmp"), "another file's");
        AtomicFile.WriteAllText(dir.File("settings.json"), "new");
        Assert.That(File.ReadAllText(dir.File("settings.json")), Is.EqualTo("new"));
        Assert.That(File.Exists(dir.File(".settings.json.329.tmp")), Is.False);
        Assert.That(File.Exists(dir.File(".alarms.json.329.tmp")), Is.True, "only leftovers of the file saved");
    }

    [Test]
    public void Saving_merges_section_keys_and_keeps_the_others()
    {
        using var dir = new TempDirectory();
        var file = new SettingsFile(dir.Path, TimeProvider.System);
        file.Save([new("Udp:Port", "6501"), new("Mqtt:Mode", "Sender")]);
        file.Save([new("Udp:Port", "6502"), new("Mqtt:Mode", null)]);
        string json = File.ReadAllText(file.Path);
        Assert.That(json, Does.Contain("\"Port\": \"6502\"").And.Not.Contain("Mqtt\": {\n    \"Mode"));
        Assert.That(Directory.GetFiles(dir.Path), Has.Length.EqualTo(1), "no temporary file left behind");
    }

    [Test]
    public void An_atomic_write_replaces_the_whole_file_or_nothing()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.json");
        AtomicFile.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "new content");
        Assert.That(File.ReadAllText(path), Is.EqualTo("new content"));
        Assert.That(Directory.GetFiles(dir.Path), Has.Length.EqualTo(1));
    }
}
