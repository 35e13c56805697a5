using FbDisplay.Core.Battery;
using FbDisplay.Core.History;
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
        Assert.That(FailureNotices.ForStorage("Log", error, "logging stopped"), Is.EqualTo(expected));

    [TestCase("Cannot write history: SQLite Error 13: 'database or disk is full'.", "Data partition full: history stopped")]
    [TestCase("Cannot write history: SQLite Error 8: 'attempt to write a readonly database'.", "Storage failed (read-only): history stopped")]
    [TestCase("Cannot write history: SQLite Error 10: 'disk I/O error'.", "Storage failed (write errors): history stopped")]
    public void SQLites_reasons_too(string error, string expected) =>
        Assert.That(FailureNotices.ForStorage("History", error, "history stopped"), Is.EqualTo(expected));

    [Test]
    public void Another_reason_names_the_part_and_the_reason_without_the_path()
    {
        Assert.Multiple(() =>
        {
            Assert.That(
                FailureNotices.ForStorage("Log", "Cannot open /var/lib/fbdisplay/PowerSafe100.log: Access to the path '/var/lib/fbdisplay/PowerSafe100.log' is denied.", "logging stopped"),
                Does.StartWith("Log: Access to the path"));
            Assert.That(FailureNotices.ForScreen("Energy counters", "Could not save energy.json: Read-only file system : '/var/lib/fbdisplay/.energy.json.322.tmp'"),
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
            ("Log", () => log, "logging stopped"),
            ("History", () => history, "history stopped"),
            ("MQTT", () => null, null));
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
}
