using System.Diagnostics;
using FbDisplay.Core.History;
using FbDisplay.Core.Logging;
using FbDisplay.Services.Logging;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests;

public class PowerSafeLogWriterTests
{
    private static SecondSample Sample(long second) => new(second, 11.5f, 41.1f, -34, -1397.4f, -1415.7f, 36, 30, 0, 0, 0);

    [Test]
    public async Task Lines_are_written_in_the_manuals_format_with_local_time()
    {
        using var dir = new TempDirectory();
        var writer = new PowerSafeLogWriter(dir.Path, TimeProvider.System, TimeSpan.FromMilliseconds(50));
        writer.Start();
        long t = new DateTimeOffset(2018, 8, 27, 19, 19, 41, TimeSpan.Zero).ToUnixTimeSeconds();
        writer.TryAppend(Sample(t));
        writer.TryAppend(Sample(t + 2));
        await writer.DisposeAsync();

        string[] lines = File.ReadAllLines(writer.FilePath);
        DateTime local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddSeconds(t), TimeZoneInfo.Local);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines[0], Is.EqualTo($"{local:MM/dd/yyyy HH:mm:ss},11.5,41.1,-34,-1397,-1415.70,036"));
        Assert.That(writer.LinesWritten, Is.EqualTo(2));
    }

    [Test]
    public async Task A_torn_last_line_is_cut_off_on_start_and_logging_continues_after_it()
    {
        using var dir = new TempDirectory();
        string path = dir.File(PowerSafeLogLine.FileName);
        File.WriteAllText(path, "08/27/2018 19:19:41,11.5,41.1,-34,-1397,-1415.70,036\n08/27/2018 19:19:4");
        var writer = new PowerSafeLogWriter(dir.Path, TimeProvider.System, TimeSpan.FromMilliseconds(50));
        writer.Start();
        Assert.That(writer.RepairedBytes, Is.EqualTo("08/27/2018 19:19:4".Length));
        writer.TryAppend(Sample(1_600_000_000));
        await writer.DisposeAsync();

        string[] lines = File.ReadAllLines(path);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(lines, Has.All.Matches<string>(l => PowerSafeLogLine.TryParse(l, out _)));
    }

    [Test]
    public void A_file_with_no_newline_at_all_is_emptied()
    {
        using var dir = new TempDirectory();
        string path = dir.File("x.log");
        File.WriteAllText(path, "08/27/2018 19:1");
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        Assert.That(PowerSafeLogWriter.RepairTornTail(fs), Is.EqualTo(15));
        Assert.That(fs.Length, Is.Zero);
    }

    [Test]
    public async Task Reset_log_empties_the_file_and_nothing_else()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("settings.json"), "{}");
        var writer = new PowerSafeLogWriter(dir.Path, TimeProvider.System, TimeSpan.FromMilliseconds(20));
        writer.Start();
        writer.TryAppend(Sample(1_600_000_000));
        await Eventually.TrueAsync(() => writer.LinesWritten == 1);
        writer.RequestReset();
        writer.TryAppend(Sample(1_600_000_001)); // may race the reset: either way the file holds only whole lines
        await Task.Delay(200);
        writer.TryAppend(Sample(1_600_000_002));
        await writer.DisposeAsync();

        string[] lines = File.ReadAllLines(writer.FilePath);
        Assert.That(lines, Is.Not.Empty.And.Length.LessThanOrEqualTo(2));
        Assert.That(lines[^1], Does.Contain(",11.5,"));
        Assert.That(File.ReadAllText(dir.File("settings.json")), Is.EqualTo("{}"));
        DateTime first = PowerSafeLogLine.TryParse(lines[0], out LogRecord r) ? r.LocalTime : default;
        Assert.That(first, Is.GreaterThan(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddSeconds(1_600_000_000), TimeZoneInfo.Local)), "the line from before the reset is gone");
    }

    [Test]
    public async Task A_full_disk_stops_logging_with_a_counter_and_a_message_and_resumes_when_space_returns()
    {
        using var dir = new TempDirectory();
        using var tmpfs = Tmpfs.MountOrIgnore(dir.File("small"), "size=16k", "Needs root to mount a 16 KiB tmpfs; CI runs as root.");
        string mount = tmpfs.Path;
        string filler = Path.Combine(mount, "filler");
        await File.WriteAllBytesAsync(filler, new byte[12 * 1024]);
        var time = TimeProvider.System;
        var writer = new PowerSafeLogWriter(mount, time, TimeSpan.FromMilliseconds(10), retryAfterFailure: TimeSpan.FromMilliseconds(100));
        writer.Start();
        for (int i = 0; i < 200; i++)
        {
            writer.TryAppend(Sample(1_600_000_000 + i));
        }

        await Eventually.TrueAsync(() => writer.WriteFailures > 0);
        Assert.That(writer.LastError, Does.Contain("No space left on device"));

        string log = Path.Combine(mount, PowerSafeLogLine.FileName);
        Assert.That(File.ReadAllLines(log), Has.All.Matches<string>(l => PowerSafeLogLine.TryParse(l, out _)), "no torn line while the disk is full");

        File.Delete(filler);
        await Eventually.TrueAsync(() => writer.LinesWritten == 200);
        Assert.That(writer.LastError, Is.Null);
        await writer.DisposeAsync();
        string[] lines = File.ReadAllLines(log);
        Assert.That(lines, Has.Length.EqualTo(200), "nothing lost: the queued seconds were written once space returned");
        Assert.That(lines, Has.All.Matches<string>(l => PowerSafeLogLine.TryParse(l, out _)));
    }

    [Test]
    public async Task A_disk_that_refuses_new_files_fails_the_log_even_while_appends_to_the_open_file_succeed()
    {
        // A failing card under ext4 (errors=remount-ro): new files and renames fail, appends and fsync to the open log
        // still return success. Here a tmpfs out of inodes plays that part: the open log has room, a new file has none.
        using var dir = new TempDirectory();
        using var tmpfs = Tmpfs.MountOrIgnore(dir.File("inodes"), "size=1m,nr_inodes=8", "Needs root to mount a tmpfs with few inodes; CI runs as root.");
        string mount = tmpfs.Path;
        var writer = new PowerSafeLogWriter(mount, TimeProvider.System, TimeSpan.FromMilliseconds(10),
            retryAfterFailure: TimeSpan.FromMilliseconds(100), probeInterval: TimeSpan.FromMilliseconds(50));
        writer.Start();
        writer.TryAppend(Sample(1_600_000_000));
        await Eventually.TrueAsync(() => writer.LinesWritten == 1);
        var fillers = new List<string>();
        try
        {
            for (int i = 0; i < 100; i++)
            {
                string f = Path.Combine(mount, $"filler{i}");
                File.WriteAllBytes(f, []);
                fillers.Add(f);
            }
        }
        catch (IOException)
        {
        }

        Assert.That(fillers, Is.Not.Empty);

        // A second a poll, as the display hands them over: the probe comes due between them.
        long t = 1_600_000_001;
        await Eventually.TrueAsync(() =>
        {
            writer.TryAppend(Sample(t++));
            return writer.WriteFailures > 0;
        });
        Assert.That(writer.LastError, Does.Contain("No space left on device"));
        long written = writer.LinesWritten;
        for (int i = 0; i < 10; i++)
        {
            writer.TryAppend(Sample(t++));
            await Task.Delay(50);
        }

        Assert.That(writer.LinesWritten, Is.EqualTo(written), "no line counts as written while the disk refuses new files");
        Assert.That(writer.LastError, Is.Not.Null);

        File.Delete(fillers[0]);
        long total = t - 1_600_000_000;
        await Eventually.TrueAsync(() => writer.LinesWritten == total);
        Assert.That(writer.LastError, Is.Null);
        await writer.DisposeAsync();
        string log = Path.Combine(mount, PowerSafeLogLine.FileName);
        Assert.That(File.ReadAllLines(log), Has.Length.EqualTo(total), "the queued seconds were written once the disk took writes again");
        Assert.That(File.Exists(Path.Combine(mount, PowerSafeLogWriter.ProbeFileName)), Is.False, "the probe leaves nothing behind");
    }

    [Test]
    public async Task A_disk_that_refuses_new_files_before_the_start_fails_the_log_at_the_start()
    {
        // The display restarted on a card that already failed: its log opens as before, a new file cannot be made.
        using var dir = new TempDirectory();
        using var tmpfs = Tmpfs.MountOrIgnore(dir.File("inodes"), "size=1m,nr_inodes=8", "Needs root to mount a tmpfs with few inodes; CI runs as root.");
        string mount = tmpfs.Path;
        File.WriteAllText(Path.Combine(mount, PowerSafeLogLine.FileName), "");
        try
        {
            for (int i = 0; i < 100; i++)
            {
                File.WriteAllBytes(Path.Combine(mount, $"filler{i}"), []);
            }
        }
        catch (IOException)
        {
        }

        var writer = new PowerSafeLogWriter(mount, TimeProvider.System);
        writer.Start();
        Assert.That(writer.LastError, Does.Contain("No space left on device"), "known when Start returns, before any second is handed over");
        Assert.That(writer.WriteFailures, Is.EqualTo(1));
        await writer.DisposeAsync();
    }

    /// <summary>A small tmpfs mounted for one test (root only), unmounted when disposed.</summary>
    private sealed class Tmpfs : IDisposable
    {
        private Tmpfs(string path) => Path = path;

        public string Path { get; }

        /// <summary>Mounts it, or ends the test as ignored with <paramref name="whyNot"/> when it cannot be mounted.</summary>
        public static Tmpfs MountOrIgnore(string path, string options, string whyNot)
        {
            Directory.CreateDirectory(path);
            if (!Run("mount", "-t", "tmpfs", "-o", options, "tmpfs", path))
            {
                Assert.Ignore(whyNot);
            }

            return new Tmpfs(path);
        }

        public void Dispose() => Run("umount", Path);
    }

    private static bool Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi)!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }
}
