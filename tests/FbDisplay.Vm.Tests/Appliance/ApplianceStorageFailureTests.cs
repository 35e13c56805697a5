using System.Globalization;
using System.Text.Json;
using FbDisplay.Vm.Tests.Harness;
using FbDisplay.Vm.Tests.InGuest;

namespace FbDisplay.Vm.Tests.Appliance;

/// <summary>
/// The appliance image (image/vm/build-appliance.sh) with its data partition under the running display, broken the
/// two ways a card breaks: filled by another file until history pruning cannot help, then failing its
/// writes as a dying SD card does. One boot with <c>fbd.test.dm=1</c>: the test overlay mounts /data (fstab's options,
/// errors=remount-ro) from a device-mapper <c>linear</c> table over the partition, which the failing-card test swaps for
/// <c>flakey ... error_writes</c>, so ext4 meets real write errors. The host simulator sends to the forwarded UDP port
/// all along; /api/status comes through a forwarded TCP port, the screen through QMP screendumps.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ApplianceStorageFailureTests
{
    private const string Data = "/var/lib/fbdisplay";
    private const string Log = Data + "/PowerSafe100.log";

    /// <summary>MainScreen's message line (amber, right-aligned, bottom right): src/FbDisplay.Ui/Screens/MainScreen.cs.</summary>
    private static readonly Region MessageLine = new(390, 448, 400, 26);

    private ApplianceVm? _vm;
    private HostSimulator? _sim;
    private HttpClient? _http;
    private TimeSpan _boot;
    private PpmImage? _fullPartitionShot;

    private ApplianceVm Vm => _vm ?? throw new InvalidOperationException("not booted");

    private HttpClient Http => _http ?? throw new InvalidOperationException("not booted");

    [OneTimeSetUp]
    public async Task BootAsync()
    {
        var build = await ApplianceVm.EnsureBuiltAsync();
        await TestContext.Progress.WriteLineAsync(build);
        var app = await AppInVm.PublishAsync(); // fbdisplay-sim for this machine
        _vm = await ApplianceVm.StartAsync(new ApplianceVmOptions
        {
            KernelArguments = ["fbd.test.dm=1"],
            Forwards = [new VmPortForward(VmProtocol.Udp, 6500), new VmPortForward(VmProtocol.Tcp, 8080)],
        });
        _boot = _vm.Elapsed;

        // ext4's error messages come at KERN_CRIT, above `quiet`: on the serial console they would cut into the
        // shell's output lines. The screen is another matter (the README's finding): this keeps both to the test.
        await CheckAsync("dmesg -n 1");

        // The serial shell is a tty: without this, systemctl and journalctl may hand their output to less and wait.
        await CheckAsync("export SYSTEMD_PAGER=cat PAGER=cat SYSTEMD_COLORS=0");
        var source = await CheckAsync("findmnt -n -o SOURCE,OPTIONS /data");
        Assert.That(source, Does.StartWith("/dev/mapper/fbddata").And.Contain("errors=remount-ro"), "the overlay's device-mapper data partition with fstab's options");
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_vm.HostPort(VmProtocol.Tcp, 8080)}/"), Timeout = TimeSpan.FromSeconds(10) };
        _sim = HostSimulator.Start(
            app, "--target", "127.0.0.1", "--port", _vm.HostPort(VmProtocol.Udp, 6500).ToString(CultureInfo.InvariantCulture),
            "--interval", "0.5", "--duration", "3000", "--quiet");
        await CheckAsync("systemctl is-active fbdisplay.service || systemctl start fbdisplay.service", TimeSpan.FromMinutes(4));
        await WaitForLiveStatusAsync(TimeSpan.FromMinutes(3));
        await TestContext.Progress.WriteLineAsync($"storage failure tests: booted to the test shell in {_boot.TotalSeconds:0} s, live data after {_vm.Elapsed.TotalSeconds:0} s; load {await LoadAsync()}");
    }

    [OneTimeTearDown]
    public async Task PowerOffAsync()
    {
        _http?.Dispose();
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        if (_vm is not null)
        {
            await _vm.DisposeAsync();
        }
    }

    [Test]
    [Order(1)]
    public async Task A_full_data_partition_keeps_the_display_live_says_so_and_logging_resumes_when_space_returns()
    {
        var started = Vm.Elapsed;
        await WaitForLogGrowthAsync(TimeSpan.FromSeconds(60));
        var before = await CheckAsync("df -m --output=size,avail /data | tail -1");
        var cursor = await JournalCursorAsync();

        // Another file takes every block, the 1 % reserved for root included (the display runs as fbdisplay).
        await CheckAsync(
            "fallocate -l $(df -B1 --output=avail /data | tail -1 | tr -d ' ') /data/fbd-test-filler; " +
            "dd if=/dev/zero of=/data/fbd-test-filler2 bs=64k 2>/dev/null; sync; true", TimeSpan.FromMinutes(2));
        var full = await CheckAsync("df -B1 --output=avail /data | tail -1");
        var failing = await WaitForJournalAsync("Log failing:", TimeSpan.FromSeconds(90), cursor);
        var shot = await WaitForScreenAsync(s => MessageLine.Count(s, MainScreenRegions.IsAmber) > 80 && MainScreenRegions.IsLiveMainScreen(s), TimeSpan.FromSeconds(30));
        _fullPartitionShot = shot;
        var status = await LiveStatusAsync();
        long sizeWhileFull = await LogSizeAsync();
        var detected = Vm.Elapsed - started;

        await CheckAsync("rm -f /data/fbd-test-filler /data/fbd-test-filler2; sync");
        var removed = Vm.Elapsed;
        var again = await WaitForJournalAsync("Log works again", TimeSpan.FromSeconds(90), cursor);
        await WaitForLogGrowthAsync(TimeSpan.FromSeconds(60), sizeWhileFull);
        var cleared = await WaitForScreenAsync(s => MessageLine.Count(s, MainScreenRegions.IsAmber) == 0 && MainScreenRegions.IsLiveMainScreen(s), TimeSpan.FromSeconds(30));
        var resumed = Vm.Elapsed - removed;
        var metrics = await Http.GetStringAsync("metrics");
        TestContext.AddTestAttachment(Save(shot, "full-partition"), "the main screen with the data partition full");
        TestContext.AddTestAttachment(Save(cleared, "full-partition-cleared"), "the main screen after the file was removed");
        await TestContext.Progress.WriteLineAsync(
            $"full data partition: /data (size, free MiB) {before.Trim()}, {full.Trim()} bytes free after the filler; " +
            $"detected {detected.TotalSeconds:0} s after the start of the test, logging resumed {resumed.TotalSeconds:0} s after the file was removed; load {await LoadAsync()}\n{failing}\n{again}\n" +
            string.Join('\n', metrics.Split('\n').Where(l => l.StartsWith("fbdisplay_log_", StringComparison.Ordinal) || l.StartsWith("fbdisplay_history_failures", StringComparison.Ordinal))));
        Assert.Multiple(() =>
        {
            Assert.That(failing, Does.Contain("No space left on device"), "the journal says why");
            Assert.That(status.GetProperty("hasData").GetBoolean(), Is.True, "live data while the partition is full");
            Assert.That(Vm.Transcript, Does.Not.Contain("Unhandled exception"));
        });
    }

    [Test]
    [Order(2)]
    public async Task A_failing_card_turns_the_data_partition_read_only_and_the_display_stays_live_and_says_so_also_after_a_restart()
    {
        // fbd-test-dm-data.service loads dm-flakey; a kernel without it cannot fail the card this way.
        var targets = await CheckAsync("dmsetup targets");
        if (!targets.Contains("flakey", StringComparison.Ordinal))
        {
            Assert.Ignore($"The guest kernel has no device-mapper flakey target (dmsetup targets: {targets.Trim()}): a failing card cannot be simulated.");
        }

        await WaitForLogGrowthAsync(TimeSpan.FromSeconds(60));
        int pid = int.Parse((await CheckAsync("systemctl show --no-pager -p MainPID --value fbdisplay.service")).Trim(), CultureInfo.InvariantCulture);
        var started = Vm.Elapsed;
        var cardCursor = await JournalCursorAsync(); // the full partition's "Log failing:" came before: only what follows counts

        // The card fails every write from now on (reads still work): flakey, always down, error_writes.
        await CheckAsync(
            "part=$(cat /run/fbd-test-data-partition); size=$(blockdev --getsz /dev/mapper/fbddata); " +
            "dmsetup load fbddata --table \"0 $size flakey $part 0 0 1 1 error_writes\" && dmsetup resume fbddata");
        string touch = "";
        for (int i = 0; i < 60 && !touch.Contains("Read-only file system", StringComparison.Ordinal); i++)
        {
            await Task.Delay(1000);
            touch = (await RunAsync("touch /data/fbd-test-touch 2>&1; rm -f /data/fbd-test-touch 2>/dev/null")).Output;
        }

        var readOnly = Vm.Elapsed - started;
        // -t: without the timestamps, which RunAsync drops as the kernel's own console lines.
        var kernel = await RunAsync("dmesg -t | grep -m 3 -E 'Remounting filesystem read-only|Aborting journal'");
        var failing = await WaitForJournalAsync("Log failing:", TimeSpan.FromSeconds(120), cardCursor);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the notices are looked at once a second: the log's, not a part's before it
        var shot = await WaitForScreenAsync(s => MessageLine.Count(s, MainScreenRegions.IsAmber) > 80 && MainScreenRegions.IsLiveMainScreen(s), TimeSpan.FromSeconds(30));
        var detected = Vm.Elapsed - started;
        var status = await LiveStatusAsync();
        TestContext.AddTestAttachment(Save(shot, "failing-card"), "the main screen after the card failed");

        // Restarted on the read-only partition: it must start (not "already running", not a crash) and say the same.
        var restartAt = Vm.Elapsed;
        var beforeRestart = (await RunAsync($"journalctl -u fbdisplay.service --after-cursor '{cardCursor}' --no-pager -o cat")).Output;
        var cursor = await JournalCursorAsync();
        await CheckAsync("systemctl restart fbdisplay.service", TimeSpan.FromMinutes(3));
        int newPid = int.Parse((await CheckAsync("systemctl show --no-pager -p MainPID --value fbdisplay.service")).Trim(), CultureInfo.InvariantCulture);
        await WaitForLiveStatusAsync(TimeSpan.FromMinutes(2));
        // "Says the same": the message line's pixels as before the restart (the words are not read, they are compared).
        var restartedShot = await WaitForScreenAsync(s => MessageLine.Differences(s, shot) == 0 && MainScreenRegions.IsLiveMainScreen(s), TimeSpan.FromSeconds(60));
        var restartTook = Vm.Elapsed - restartAt;
        await Task.Delay(TimeSpan.FromSeconds(10)); // a crash loop would show by now (RestartSec=2)
        var journal = (await RunAsync($"journalctl -u fbdisplay.service --after-cursor '{cursor}' --no-pager -o cat")).Output;
        var restarts = (await CheckAsync("systemctl show --no-pager -p NRestarts --value fbdisplay.service")).Trim();
        var active = (await RunAsync("systemctl is-active fbdisplay.service")).Output.Trim();
        var afterRestart = await LiveStatusAsync();
        TestContext.AddTestAttachment(Save(restartedShot, "failing-card-restarted"), "the main screen after a restart on the read-only partition");
        await TestContext.Progress.WriteLineAsync(
            $"failing card: /data read-only {readOnly.TotalSeconds:0} s after the error table, the log's failure on screen {detected.TotalSeconds:0} s after it; " +
            $"restart on the read-only partition to live data with the message {restartTook.TotalSeconds:0} s; load {await LoadAsync()}\n{kernel.Output}\n--- journal since the card failed ---\n{beforeRestart}\n--- journal since the restart ---\n{journal}");
        Assert.Multiple(() =>
        {
            Assert.That(touch, Does.Contain("Read-only file system"), "errors=remount-ro turned /data read-only");
            Assert.That(kernel.Output, Does.Contain("Remounting filesystem read-only").Or.Contain("Aborting journal"), "ext4 met the write errors");
            Assert.That(failing, Does.Contain("Read-only file system").Or.Contain("Input/output error"), "the journal says why");
            Assert.That(status.GetProperty("hasData").GetBoolean(), Is.True, "live data after the card failed");
            if (_fullPartitionShot is { } full)
            {
                Assert.That(MessageLine.Differences(shot, full), Is.GreaterThan(0), "a failed card's line is not the full partition's");
            }

            Assert.That(newPid, Is.Not.EqualTo(pid), "restarted");
            Assert.That(active, Is.EqualTo("active"));
            Assert.That(restarts, Is.EqualTo("0"), "no crash loop after the restart");
            Assert.That(journal, Does.Contain("Storage failed"), "the restarted display says storage failed");
            Assert.That(journal, Does.Not.Contain("already running"));
            Assert.That(journal, Does.Not.Contain("Unhandled exception"));
            Assert.That(journal, Does.Not.Contain("Console stays in text mode"), "KD_GRAPHICS: fbcon does not draw the kernel's ext4 errors over the screen");
            Assert.That(afterRestart.GetProperty("hasData").GetBoolean(), Is.True, "live data after the restart");
        });
    }

    private async Task<string> CheckAsync(string command, TimeSpan? timeout = null)
    {
        var (output, code) = await RunAsync(command, timeout);
        return code == 0 ? output : throw new InvalidOperationException($"`{command}` exited {code}:\n{output}");
    }

    /// <summary>A command on the serial shell; a timeout fails with the console's last lines (what the shell was doing).</summary>
    private async Task<(string Output, int ExitCode)> RunAsync(string command, TimeSpan? timeout = null)
    {
        try
        {
            return await Vm.RunAsync(command, timeout);
        }
        catch (TimeoutException e)
        {
            var tail = string.Join('\n', Vm.Transcript.Split('\n').TakeLast(60));
            throw new TimeoutException($"`{command}`: {e.Message}; the serial console's last lines:\n{tail}", e);
        }
    }

    private async Task<JsonElement> LiveStatusAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync("api/status"));
        return doc.RootElement.Clone();
    }

    private async Task WaitForLiveStatusAsync(TimeSpan timeout)
    {
        var deadline = Vm.Elapsed + timeout;
        string last = "";
        while (Vm.Elapsed < deadline)
        {
            try
            {
                last = await Http.GetStringAsync("api/status");
                using var doc = JsonDocument.Parse(last);
                if (doc.RootElement.GetProperty("hasData").GetBoolean() && doc.RootElement.GetProperty("soc").GetDouble() > 0)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
            {
                last = e.Message;
            }

            await Task.Delay(1000);
        }

        Assert.Fail($"no live data in /api/status within {timeout.TotalSeconds:0} s: {last}\n{_sim?.Transcript}\n{Vm.Transcript}");
    }

    private async Task<long> LogSizeAsync() =>
        long.Parse((await CheckAsync($"stat -c %s {Log}")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Waits until PowerSafe100.log is longer than <paramref name="than"/> (default: its size now).</summary>
    private async Task WaitForLogGrowthAsync(TimeSpan timeout, long? than = null)
    {
        long from = than ?? await LogSizeAsync();
        var deadline = Vm.Elapsed + timeout;
        while (Vm.Elapsed < deadline)
        {
            if (await LogSizeAsync() > from)
            {
                return;
            }

            await Task.Delay(1000);
        }

        Assert.Fail($"{Log} did not grow beyond {from} bytes within {timeout.TotalSeconds:0} s");
    }

    /// <summary>The journal's position now: <see cref="WaitForJournalAsync"/> looks only at what comes after it.</summary>
    private async Task<string> JournalCursorAsync() =>
        (await CheckAsync("journalctl -u fbdisplay.service -n 0 --show-cursor --no-pager | sed -n 's/^-- cursor: //p'")).Trim();

    /// <summary>The first line of fbdisplay.service's journal after <paramref name="cursor"/> that contains <paramref name="text"/>.</summary>
    private async Task<string> WaitForJournalAsync(string text, TimeSpan timeout, string cursor)
    {
        var deadline = Vm.Elapsed + timeout;
        while (Vm.Elapsed < deadline)
        {
            var (output, _) = await RunAsync($"journalctl -u fbdisplay.service --after-cursor '{cursor}' --no-pager -o cat | grep -F -m 1 '{text}'");
            if (output.Trim().Length > 0)
            {
                return output.Trim();
            }

            await Task.Delay(1000);
        }

        var journal = await RunAsync($"journalctl -u fbdisplay.service --after-cursor '{cursor}' --no-pager -o cat | tail -40");
        Assert.Fail($"no \"{text}\" in the journal within {timeout.TotalSeconds:0} s\n{journal.Output}");
        return "";
    }

    private async Task<PpmImage> WaitForScreenAsync(Func<PpmImage, bool> done, TimeSpan timeout)
    {
        var deadline = Vm.Elapsed + timeout;
        while (true)
        {
            var shot = await Vm.Qmp.ScreenshotAsync();
            if (done(shot))
            {
                return shot;
            }

            if (Vm.Elapsed > deadline)
            {
                var path = Save(shot, "unexpected");
                TestContext.AddTestAttachment(path, "the last screendump");
                Assert.Fail($"the screen did not show what was expected within {timeout.TotalSeconds:0} s (last screendump: {path}); message line amber pixels {MessageLine.Count(shot, MainScreenRegions.IsAmber)}, live {MainScreenRegions.IsLiveMainScreen(shot)}");
            }

            await Task.Delay(500);
        }
    }

    private async Task<string> LoadAsync() => (await RunAsync("cut -d' ' -f1-3 /proc/loadavg")).Output.Trim() + " (guest), " + File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => a + " " + b) + " (host)";

    private static string Save(PpmImage shot, string name)
    {
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"appliance-storage-{name}.ppm");
        shot.Save(path);
        return path;
    }
}
