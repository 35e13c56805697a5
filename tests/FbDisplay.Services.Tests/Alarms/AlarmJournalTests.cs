using FbDisplay.Core.Alarms;
using FbDisplay.Services.Alarms;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Alarms;

public sealed class AlarmJournalTests
{
    [Test]
    public void Alarms_and_history_survive_a_restart()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "alarms.json");
        var time = new ManualTimeProvider();
        var monitor = new AlarmMonitor(time, new AlarmSettings());
        var low = new AlarmInputs { SocKnown = true, SocPercent = 8 };
        var hot = low with { TemperaturesKnown = true, MaxTemperatureC = 58, MinTemperatureC = 20 };
        using (var journal = new AlarmJournal(path))
        {
            monitor.Changed += journal.Capture;
            for (int s = 0; s < 12; s++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                monitor.Evaluate(s < 6 ? low : hot, time.GetTimestamp());
            }

            monitor.AcknowledgeAll();
            for (int s = 0; s < 12; s++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                monitor.Evaluate(hot, time.GetTimestamp());
            }
        }

        AlarmJournalData data = AlarmJournal.Load(path, out string? message);
        Assert.That(message, Is.Null);
        var restarted = new AlarmMonitor(time, new AlarmSettings());
        restarted.Restore(data.Status, data.History);
        Assert.Multiple(() =>
        {
            Assert.That(restarted.Raised, Is.EqualTo(monitor.Raised));
            Assert.That(restarted.Unacknowledged, Is.EqualTo(monitor.Unacknowledged));
            Assert.That(restarted.HistoryCount, Is.EqualTo(monitor.HistoryCount));
            for (int i = 0; i < monitor.HistoryCount; i++)
            {
                Assert.That(restarted.History(i), Is.EqualTo(monitor.History(i)));
            }

            foreach (AlarmKind k in Enum.GetValues<AlarmKind>())
            {
                Assert.That(restarted[k], Is.EqualTo(monitor[k]), k.ToString());
            }
        });
        Assert.That(monitor.Raised, Is.EqualTo(AlarmSet.SocLow | AlarmSet.TemperatureHigh), "the scenario raised two alarms");
        Assert.That(monitor.Unacknowledged, Is.EqualTo(AlarmSet.TemperatureHigh), "the scenario acknowledged one");
    }

    [TestCase("{ not json")]
    [TestCase("{\"schema\":1,\"alarms\":[{\"kind\":\"fire\",\"acknowledged\":false,\"raisedAt\":1,\"value\":1}],\"history\":[]}")]
    [TestCase("{\"schema\":99,\"alarms\":[],\"history\":[]}")]
    [TestCase("")]
    public void A_broken_journal_is_set_aside_with_a_message(string content)
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "alarms.json");
        File.WriteAllText(path, content);
        AlarmJournalData data = AlarmJournal.Load(path, out string? message);
        Assert.That(message, Does.StartWith("Alarm journal was broken").And.Contains("alarms.json.broken-"));
        Assert.That(data.History, Is.Empty);
        Assert.That(File.Exists(path), Is.False);
        Assert.That(Directory.GetFiles(dir.Path, "alarms.json.broken-*"), Has.Length.EqualTo(1));
    }

    [Test]
    public void An_unreadable_journal_starts_with_no_alarms_and_says_why()
    {
        // A file that exists and fails with EIO on read, as a failing SD card would (root reads any mode, so a mode
        // 000 file would not do): the start of this process's own memory, which is never mapped.
        const string path = "/proc/self/mem";
        AlarmJournalData data = AlarmJournal.Load(path, out string? message);
        Assert.That(message, Does.Contain("cannot be read").And.Contains("starting with no alarms"));
        Assert.That(data.Status.Any(s => s.Raised), Is.False);
        Assert.That(File.Exists(path), Is.True, "nothing was moved");
    }

    [Test]
    public void No_journal_is_no_alarms_and_no_message()
    {
        using var dir = new TempDirectory();
        AlarmJournalData data = AlarmJournal.Load(Path.Combine(dir.Path, "alarms.json"), out string? message);
        Assert.That(message, Is.Null);
        Assert.That(data.Status.Any(s => s.Raised), Is.False);
    }

    [Test]
    public void An_unwritable_directory_gives_an_error_and_keeps_the_alarms()
    {
        using var dir = new TempDirectory();
        string blocker = Path.Combine(dir.Path, "file");
        File.WriteAllText(blocker, "x");
        var time = new ManualTimeProvider();
        var monitor = new AlarmMonitor(time, new AlarmSettings());
        using var journal = new AlarmJournal(Path.Combine(blocker, "alarms.json")); // a directory that is a file
        journal.Capture(monitor);
        journal.Flush();
        Assert.That(journal.LastError, Does.Contain("alarms.json"));
        Assert.That(journal.Writes, Is.Zero);
    }
}
