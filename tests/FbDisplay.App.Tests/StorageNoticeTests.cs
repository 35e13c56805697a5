using FbDisplay.Core.Battery;
using FbDisplay.Core.History;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Screens;
using Microsoft.Extensions.Logging.Abstractions;

namespace FbDisplay.App.Tests;

/// <summary>
/// The data partition's failures on the main screen's message line (issue 16, a failing card and a full data
/// partition): one storage notice that says what the partition did and what stopped, kept while it lasts, gone when
/// every part writes again.
/// </summary>
public class StorageNoticeTests
{
    [TestCase("Cannot write PowerSafe100.log: Read-only file system : '/var/lib/fbdisplay/.PowerSafe100.log.probe'", "Storage failed (read-only): logging stopped")]
    [TestCase("Cannot write PowerSafe100.log: Input/output error : '/var/lib/fbdisplay/PowerSafe100.log'", "Storage failed (write errors): logging stopped")]
    [TestCase("Cannot write PowerSafe100.log: No space left on device : '/var/lib/fbdisplay/PowerSafe100.log'", "Data partition full: logging stopped")]
    public void The_log_writers_reasons_become_one_clear_line(string error, string expected) =>
        Assert.That(FailureNotices.ForStorage(Tx.PartLog, error, Tx.StoppedLog).English, Is.EqualTo(expected));

    [TestCase("Cannot write history: SQLite Error 13: 'database or disk is full'.", "Data partition full: history stopped")]
    [TestCase("Cannot write history: SQLite Error 8: 'attempt to write a readonly database'.", "Storage failed (read-only): history stopped")]
    [TestCase("Cannot write history: SQLite Error 10: 'disk I/O error'.", "Storage failed (write errors): history stopped")]
    public void SQLites_reasons_too(string error, string expected) =>
        Assert.That(FailureNotices.ForStorage(Tx.PartHistory, error, Tx.StoppedHistory).English, Is.EqualTo(expected));

    [Test]
    public void Another_reason_names_the_part_and_the_reason_without_the_path()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                FailureNotices.ForStorage(Tx.PartLog, "Cannot open /var/lib/fbdisplay/PowerSafe100.log: Access to the path '/var/lib/fbdisplay/PowerSafe100.log' is denied.", Tx.StoppedLog).English,
                Does.StartWith("Log: Access to the path"));
            Assert.That(FailureNotices.ForScreen(Tx.PartEnergy, "Could not save energy.json: Read-only file system : '/var/lib/fbdisplay/.energy.json.322.tmp'").English,
                Is.EqualTo("Energy counters: Read-only file system"));
        });
    }

    [Test]
    public void The_notice_stays_while_the_failure_lasts_and_goes_when_every_part_writes_again()
    {
        string? log = null;
        string? history = null;
        var notices = new FailureNotices(
            NullLogger.Instance,
            (Tx.PartLog, () => log, Tx.StoppedLog),
            (Tx.PartHistory, () => history, Tx.StoppedHistory),
            (Tx.PartMqtt, () => null, null));
        var context = new DisplayContext(new BatteryState(), new BarHistory(), new BarHistory(), TimeProvider.System);

        notices.AfterSecond(context);
        Assert.That(context.StatusMessage, Is.Empty);

        history = "Cannot write history: SQLite Error 13: 'database or disk is full'.";
        notices.AfterSecond(context);
        Assert.That(context.StatusMessage, Is.EqualTo("Data partition full: history stopped"));

        log = "Cannot write PowerSafe100.log: No space left on device : '/data/PowerSafe100.log'";
        notices.AfterSecond(context);
        Assert.That(context.StatusMessage, Is.EqualTo("Data partition full: logging stopped"), "the log first");

        context.StatusMessage = ""; // a toast or another notice came and went
        notices.AfterSecond(context);
        Assert.That(context.StatusMessage, Is.EqualTo("Data partition full: logging stopped"), "shown again while it lasts");

        context.StatusMessage = "Connected to Wi-Fi"; // another notice is not overwritten while nothing changes
        notices.AfterSecond(context);
        Assert.That(context.StatusMessage, Is.EqualTo("Connected to Wi-Fi"));

        log = null;
        notices.AfterSecond(context);
        Assert.That(context.StatusMessage, Is.EqualTo("Data partition full: history stopped"), "the history still fails");

        history = null;
        notices.AfterSecond(context);
        Assert.That(context.StatusMessage, Is.Empty, "every part writes again");
    }

    [Test]
    public void The_screen_says_it_in_the_displays_language_and_the_journal_in_English()
    {
        string? log = null;
        var journal = new ListLogger();
        var notices = new FailureNotices(journal, (Tx.PartLog, () => log, Tx.StoppedLog), (Tx.PartMqtt, () => null, null));
        var context = new DisplayContext(new BatteryState(), new BarHistory(), new BarHistory(), TimeProvider.System) { Language = DisplayLanguage.German };

        log = "Cannot write PowerSafe100.log: Read-only file system : '/data/PowerSafe100.log'";
        notices.AfterSecond(context);
        Assert.Multiple(() =>
        {
            Assert.That(context.StatusMessage, Is.EqualTo("Speicher defekt (nur lesbar): Protokoll gestoppt"));
            Assert.That(journal.Lines, Has.Some.EqualTo("Log failing: " + log), "the journal keeps the English and the whole reason");
        });

        var french = new DisplayContext(new BatteryState(), new BarHistory(), new BarHistory(), TimeProvider.System) { Language = DisplayLanguage.French };
        var mqtt = new FailureNotices(NullLogger.Instance, (Tx.PartMqtt, () => "broker.local:1883: Connection refused", null));
        mqtt.AfterSecond(french);
        Assert.That(french.StatusMessage, Is.EqualTo("MQTT : Connection refused"), "the system's reason as it came, in the language's punctuation");
    }

    /// <summary>A logger that keeps the formatted lines.</summary>
    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
