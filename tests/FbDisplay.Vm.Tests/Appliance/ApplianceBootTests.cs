using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FbDisplay.TestSupport;
using FbDisplay.Vm.Tests.Harness;
using FbDisplay.Vm.Tests.InGuest;

namespace FbDisplay.Vm.Tests.Appliance;

/// <summary>
/// The x86-64 appliance image (image/vm/build-appliance.sh) booted once, as a first boot, on a disk 1 GiB larger than
/// the image, with a FAT drive labelled BATTERY in a USB port (an SSH key and an MQTT certificate set on it) and the
/// host simulator sending data: systemd, the real fbdisplay.service, the first-boot units, then the drive actions by
/// touch with drives plugged and pulled over QMP, and the unit's restarts. One boot for all: a boot under TCG costs
/// minutes. The tests run in their <see cref="OrderAttribute"/> order on that one guest.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ApplianceBootTests
{
    private const int ExtraMegabytes = 1024;
    private const string LogPath = "/var/lib/fbdisplay/PowerSafe100.log";

    /// <summary>Every message COPY LOG ends with (LogCopier, BlockDeviceDrive), as an extended regex.</summary>
    private const string CopyOutcome = "Copied PowerSafe100.log|Copy to the BATTERY|The BATTERY drive|No USB drive|Cannot (read|mount)|not FAT|no PowerSafe100.log";
    private ApplianceVm? _vm;
    private HostSimulator? _sim;
    private TempDirectory? _work;
    private HttpClient? _http;
    private TimeSpan _firstFrame;
    private long _imageMegabytes;
    private string _sshKey = "";

    private ApplianceVm Vm => _vm ?? throw new InvalidOperationException("not booted");

    private TempDirectory Work => _work ?? throw new InvalidOperationException("not booted");

    [OneTimeSetUp]
    public async Task BootAsync()
    {
        var build = await ApplianceVm.EnsureBuiltAsync();
        await TestContext.Progress.WriteLineAsync(build);
        var e2e = await AppInVm.PublishAsync(); // fbdisplay-sim for this machine
        _work = new TempDirectory("appliance");
        _sshKey = Work.File("id_ed25519");
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "appliance-test", "-f", _sshKey);
        var first = Work.File("battery-first.img");
        await MakeFatAsync(first, 32);
        await McopyAsync(first, _sshKey + ".pub", "authorized_keys");
        var (cert, key) = NewCertificatePair();
        await File.WriteAllTextAsync(Work.File("aws_url"), "a2718fm89xva84-ats.iot.us-east-1.amazonaws.com\n");
        await File.WriteAllTextAsync(Work.File("aws_cert.pem.crt"), cert);
        await File.WriteAllTextAsync(Work.File("aws_privkey.pem.key"), key);
        foreach (var name in new[] { "aws_url", "aws_cert.pem.crt", "aws_privkey.pem.key" })
        {
            await McopyAsync(first, Work.File(name), name);
        }

        _imageMegabytes = new FileInfo(ApplianceVm.ImagePath).Length / 1048576;
        _vm = await ApplianceVm.StartAsync(new ApplianceVmOptions
        {
            DiskMegabytes = (int)_imageMegabytes + ExtraMegabytes,
            Forwards = [new VmPortForward(VmProtocol.Udp, 6500), new VmPortForward(VmProtocol.Tcp, 8080), new VmPortForward(VmProtocol.Tcp, 22)],
            ExtraQemuArguments =
            [
                "-device", "qemu-xhci,id=xhci",
                "-drive", $"if=none,id=battery0,format=raw,file={first}",
                "-device", "usb-storage,bus=xhci.0,drive=battery0,id=usb-battery0,removable=on",
            ],
        });
        _sim = HostSimulator.Start(e2e, "--target", "127.0.0.1", "--port", Vm.HostPort(VmProtocol.Udp, 6500).ToString(CultureInfo.InvariantCulture), "--interval", "0.5", "--quiet");
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Vm.HostPort(VmProtocol.Tcp, 8080)}"), Timeout = TimeSpan.FromSeconds(10) };

        // The first frame: the screen is black until the app draws (the console cursor is off on the command line).
        var deadline = TimeSpan.FromMinutes(4);
        while (true)
        {
            var shot = await _vm.Qmp.ScreenshotAsync();
            if (shot.Count(0, 0, shot.Width, shot.Height, p => p.R + p.G + p.B > 96) > shot.Width * shot.Height / 50)
            {
                _firstFrame = _vm.Elapsed;
                break;
            }

            Assert.That(_vm.Elapsed, Is.LessThan(deadline), $"no frame on fb0 within {deadline.TotalMinutes} min\n{_vm.Transcript}");
            await Task.Delay(250);
        }
    }

    [OneTimeTearDown]
    public async Task PowerOffAsync()
    {
        if (_vm is not null)
        {
            await TestContext.Progress.WriteLineAsync((await _vm.RunAsync("journalctl -b -u fbdisplay -o cat --no-pager | tail -40")).Output);
            await _vm.DisposeAsync();
        }

        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }

        _http?.Dispose();
        _work?.Dispose();
    }

    [Test]
    [Order(1)]
    public async Task Systemd_starts_the_display_unit_and_the_first_frame_reaches_fb0()
    {
        var state = await Vm.RunAsync("systemctl is-system-running --wait", TimeSpan.FromMinutes(3));
        var active = await Vm.CheckAsync("systemctl is-active fbdisplay.service");
        var comm = await Vm.CheckAsync($"cat /proc/{await MainPidAsync()}/comm");
        var analyze = await Vm.CheckAsync("systemd-analyze");
        var chain = await Vm.CheckAsync("systemd-analyze critical-chain fbdisplay.service");
        var unitStart = await Vm.CheckAsync("systemctl show -p ExecMainStartTimestampMonotonic --value fbdisplay.service");
        var console = await Vm.CheckAsync("journalctl -b -u fbdisplay -o cat --no-pager | grep -i console || true");
        await TestContext.Progress.WriteLineAsync(
            $"appliance boot (QEMU TCG, 2 vCPU): first frame on fb0 {_firstFrame.TotalSeconds:0.0} s after QEMU started (direct kernel boot); " +
            $"fbdisplay.service started {long.Parse(unitStart.Trim(), CultureInfo.InvariantCulture) / 1e6:0.0} s after the kernel; system {state.Output.Trim()}\n" +
            $"{analyze}\n{chain}");
        Assert.Multiple(() =>
        {
            Assert.That(active.Trim(), Is.EqualTo("active"));
            Assert.That(comm.Trim(), Is.EqualTo("fbdisplay"));
            Assert.That(state.Output.Trim(), Is.EqualTo("running"), "no unit failed");
            // Only a failure is logged ("Console stays in text mode: /dev/tty0: open failed: Permission denied" before the fix).
            Assert.That(console, Does.Not.Contain("Console stays in text mode"), "the unprivileged unit silences the console under the display");
            Assert.That(FbdisplayUnit().IsMatch(chain), Is.True, chain);
        });
    }

    [Test]
    [Order(2)]
    public async Task The_data_partition_has_grown_to_the_disk_at_first_boot()
    {
        var size = await Vm.CheckAsync("df -m --output=size /data | tail -1");
        var journal = await Vm.RunAsync("journalctl -b -u fbdisplay-firstboot.service --no-pager -o cat");
        var megabytes = long.Parse(size.Trim(), CultureInfo.InvariantCulture);
        await TestContext.Progress.WriteLineAsync($"/data: {megabytes} MiB on a disk {ExtraMegabytes} MiB larger than the {_imageMegabytes} MiB image\n{journal.Output}");
        Assert.That(megabytes, Is.GreaterThan(ExtraMegabytes), journal.Output);
    }

    [Test]
    [Order(3)]
    public async Task The_first_boot_names_the_device_uniquely_and_the_display_id_follows()
    {
        var hostname = (await Vm.CheckAsync("hostname")).Trim();
        var kept = (await Vm.CheckAsync("cat /data/hostname")).Trim();
        var status = JsonNode.Parse(await _http!.GetStringAsync("/api/status"))!;
        var journal = (await Vm.RunAsync("journalctl -b --no-pager -o short-monotonic | grep -i hostname")).Output;
        await TestContext.Progress.WriteLineAsync($"host name {hostname}\n{journal}");
        Assert.Multiple(() =>
        {
            Assert.That(hostname, Does.Match("^fbdisplay-[0-9a-f]{6}$"), journal);
            Assert.That(kept, Is.EqualTo(hostname), "kept on the data partition");
            Assert.That(status["displayId"]?.GetValue<string>(), Is.EqualTo(hostname), "the default display id (and MQTT client id) is the device's own name");
        });
    }

    [Test]
    [Order(4)]
    public async Task The_SSH_key_from_the_BATTERY_drive_logs_in_and_no_password_works_for_any_account()
    {
        var firstboot = await Vm.CheckAsync("journalctl -b -u fbdisplay-firstboot.service --no-pager -o cat");
        Assert.That(firstboot, Does.Contain("SSH keys for root taken from the BATTERY drive"));
        var port = Vm.HostPort(VmProtocol.Tcp, 22).ToString(CultureInfo.InvariantCulture);
        string[] common = ["-o", "LogLevel=ERROR", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=60", "-p", port];
        var login = await RunAsync("ssh", [.. common, "-i", _sshKey, "root@127.0.0.1", "hostname"], allowFailure: true);
        Assert.That(login.Code, Is.Zero, login.Output);
        Assert.That(login.Output.Trim(), Does.Match("^fbdisplay-[0-9a-f]{6}$"));
        foreach (var user in new[] { "root", "fbdisplay", "nobody" })
        {
            var password = await RunAsync(
                "ssh", [.. common, "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive", $"{user}@127.0.0.1", "true"], allowFailure: true);
            Assert.That(password.Code, Is.EqualTo(255), password.Output);
            Assert.That(password.Output, Does.Contain("Permission denied (publickey)"), $"{user}: the server offers nothing but keys");
        }
    }

    [Test]
    [Order(5)]
    public async Task The_MQTT_certificates_on_the_drive_are_imported_at_start_with_the_key_0600()
    {
        var journal = await Vm.CheckAsync("journalctl -b -u fbdisplay -o cat --no-pager | grep 'BATTERY drive:' || true");
        var key = await Vm.CheckAsync("stat -c '%a %U' /var/lib/fbdisplay/aws_privkey.pem.key /var/lib/fbdisplay/aws_cert.pem.crt");
        var copied = await Vm.CheckAsync("sha256sum < /var/lib/fbdisplay/aws_privkey.pem.key");
        Assert.Multiple(() =>
        {
            Assert.That(journal, Does.Contain("Imported aws_url, aws_cert.pem.crt, aws_privkey.pem.key from the BATTERY drive."));
            // The key 0600 by the import itself; the certificate 0600 too, by the unit's UMask=0077.
            Assert.That(key.Split('\n').Select(l => l.Trim()), Is.EqualTo(new[] { "600 fbdisplay", "600 fbdisplay" }));
            Assert.That(copied.Split(' ')[0], Is.EqualTo(Sha256(File.ReadAllBytes(Work.File("aws_privkey.pem.key")))));
        });
    }

    [Test]
    [Order(6)]
    public async Task COPY_LOG_by_touch_leaves_the_log_as_it_was_when_the_copy_began_on_the_drive()
    {
        await WaitForGuestAsync($"[ $(wc -l < {LogPath}) -ge 10 ] && echo yes", o => o.Contains("yes", StringComparison.Ordinal), TimeSpan.FromMinutes(2), "ten lines in PowerSafe100.log");
        await OpenSystemPageAsync();
        var before = long.Parse(await Vm.CheckAsync($"stat -c %s {LogPath}"), CultureInfo.InvariantCulture);
        var from = await JournalLinesAsync();
        var started = Stopwatch.StartNew();
        await Vm.Qmp.TapAsync(300, 129, 800, 480);
        var message = await WaitForJournalAsync(CopyOutcome, TimeSpan.FromMinutes(1), from);
        var took = started.Elapsed;
        var after = long.Parse(await Vm.CheckAsync($"stat -c %s {LogPath}"), CultureInfo.InvariantCulture);
        await Attach("copy-log");
        await UnplugAsync("usb-battery0");
        var copy = Work.File("copied.log");
        await RunAsync("mcopy", "-n", "-i", Work.File("battery-first.img"), "::PowerSafe100.log", copy);
        var bytes = await File.ReadAllBytesAsync(copy);
        var live = await Vm.CheckAsync($"head -c {bytes.Length} {LogPath} | sha256sum");
        await TestContext.Progress.WriteLineAsync($"COPY LOG: {bytes.Length} bytes (the log had {before} at the tap, {after} after), tap to the journal's message {took.TotalSeconds:0.0} s: {message}");
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("Copied PowerSafe100.log"));
            Assert.That(bytes.Length, Is.InRange(before, after), "the log as it was when the copy began");
            Assert.That(bytes[^1], Is.EqualTo((byte)'\n'), "whole lines");
            Assert.That(live.Split(' ')[0], Is.EqualTo(Sha256(bytes)), "the same bytes as the log");
        });
    }

    [Test]
    [Order(7)]
    public async Task A_drive_pulled_in_the_middle_of_COPY_LOG_gives_a_clear_message_and_no_half_file_under_the_final_name()
    {
        // A drive that writes 1 KiB/s: the copy's fsync takes seconds, and the drive is pulled during it.
        var slow = Work.File("battery-slow.img");
        await MakeFatAsync(slow, 32);
        await Vm.Qmp.ExecuteAsync("object-add", new JsonObject { ["qom-type"] = "throttle-group", ["id"] = "slow", ["limits"] = new JsonObject { ["bps-write"] = 1024 } });
        await Vm.Qmp.ExecuteAsync("blockdev-add", new JsonObject
        {
            ["driver"] = "throttle",
            ["node-name"] = "battery-slow",
            ["throttle-group"] = "slow",
            ["file"] = new JsonObject { ["driver"] = "raw", ["file"] = new JsonObject { ["driver"] = "file", ["filename"] = slow } },
        });
        await Vm.Qmp.ExecuteAsync("device_add", new JsonObject { ["driver"] = "usb-storage", ["bus"] = "xhci.0", ["drive"] = "battery-slow", ["id"] = "usb-battery1", ["removable"] = true });
        await WaitForGuestAsync("test -e /dev/disk/by-label/BATTERY && echo plugged", o => o.Contains("plugged", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the slow drive's by-label link");
        var size = long.Parse(await Vm.CheckAsync($"stat -c %s {LogPath}"), CultureInfo.InvariantCulture);
        var from = await JournalLinesAsync();
        await Vm.Qmp.TapAsync(300, 129, 800, 480);
        await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(size / 1024 / 3, 2, 10)));
        await UnplugAsync("usb-battery1");
        var message = await WaitForJournalAsync(CopyOutcome, TimeSpan.FromMinutes(1), from);
        await Attach("copy-log-pulled");
        var files = await RunAsync("mdir", ["-b", "-i", slow, "::"], allowFailure: true);
        await TestContext.Progress.WriteLineAsync($"pulled during COPY LOG of {size} bytes: {message}; left on the drive: {files.Output.Trim()}");
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.Contain("pulled out or failed during the copy"));
            Assert.That(files.Output, Does.Not.Contain("PowerSafe100.log\n").And.Not.EndWith("PowerSafe100.log"), "no file under the final name");
        });
        Assert.That(await Vm.CheckAsync("systemctl is-active fbdisplay.service"), Does.Contain("active"));
    }

    [Test]
    [Order(8)]
    public async Task SIGKILL_is_restarted_by_systemd()
    {
        var pid = await MainPidAsync();
        var restarts = await Vm.CheckAsync("systemctl show -p NRestarts --value fbdisplay.service");
        var from = await JournalLinesAsync();
        var started = Stopwatch.StartNew();
        await Vm.CheckAsync($"kill -KILL {pid}");
        await WaitForGuestAsync("systemctl show -p MainPID --value fbdisplay.service", o => o.Trim() is { Length: > 0 } p && p != "0" && p != pid, TimeSpan.FromMinutes(1), "a new main pid");
        await WaitForFrameAsync(TimeSpan.FromMinutes(2));
        await TestContext.Progress.WriteLineAsync($"SIGKILL to the restarted app's frame: {started.Elapsed.TotalSeconds:0.0} s (RestartSec=2)");
        var journal = await Vm.CheckAsync($"journalctl -b -u fbdisplay -o cat --no-pager | tail -n +{from + 1}");
        var restartsAfter = await Vm.CheckAsync("systemctl show -p NRestarts --value fbdisplay.service");
        Assert.Multiple(() =>
        {
            Assert.That(int.Parse(restartsAfter, CultureInfo.InvariantCulture), Is.EqualTo(int.Parse(restarts, CultureInfo.InvariantCulture) + 1));
            Assert.That(journal, Does.Contain("status=9/KILL"));
            Assert.That(journal, Does.Not.Contain("already running"), "the killed instance's lock died with it");
        });
    }

    [Test]
    [Order(9)]
    public async Task A_stopped_UI_thread_is_restarted_by_the_watchdog()
    {
        var pid = await MainPidAsync();
        var from = await JournalLinesAsync();
        var started = Stopwatch.StartNew();
        await Vm.CheckAsync($"kill -STOP {pid}");
        await WaitForGuestAsync("systemctl show -p MainPID --value fbdisplay.service", o => o.Trim() is { Length: > 0 } p && p != "0" && p != pid, TimeSpan.FromMinutes(3), "a new main pid after the watchdog");
        var took = started.Elapsed;
        var journal = await Vm.CheckAsync($"journalctl -b -u fbdisplay -o cat --no-pager | tail -n +{from + 1} | grep -i watchdog || true");
        await TestContext.Progress.WriteLineAsync($"SIGSTOP to a new main pid: {took.TotalSeconds:0.0} s (WatchdogSec=30)\n{journal}");
        Assert.That(journal, Does.Contain("Watchdog timeout"));
        await WaitForFrameAsync(TimeSpan.FromMinutes(1));
    }

    [Test]
    [Order(10)]
    public async Task The_unit_holds_no_privilege_but_the_consoles_and_polkit_keeps_it_off_the_system_card()
    {
        // CAP_SYS_TTY_CONFIG is capability 26: the only bit in every set; no new privileges; a seccomp filter.
        var pid = await MainPidAsync();
        var status = await Vm.CheckAsync($"grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/{pid}/status");
        var exposure = await Vm.CheckAsync("systemd-analyze security fbdisplay.service --no-pager | tail -1");
        // As the display's user: udisks will not let it unmount (or touch) the system card's partitions.
        var system = await Vm.RunAsync("runuser -u fbdisplay -- udisksctl unmount --no-user-interaction --block-device /dev/vda1 2>&1");
        var mounts = await Vm.CheckAsync("grep -c ' /media/' /proc/self/mountinfo || true");
        var firmware = await Vm.RunAsync("findmnt -n /boot/firmware");
        await TestContext.Progress.WriteLineAsync($"the running unit: {status.Replace('\n', ' ')}\n{exposure}\nfbdisplay unmounting /dev/vda1 (/boot/firmware) through udisks: {system.Output.Trim()}");
        Assert.Multiple(() =>
        {
            foreach (var set in new[] { "CapPrm", "CapEff", "CapBnd", "CapAmb" })
            {
                Assert.That(status, Does.Match($@"{set}:\s+0000000004000000"), set);
            }

            Assert.That(status, Does.Match(@"NoNewPrivs:\s+1"));
            Assert.That(status, Does.Match(@"Seccomp:\s+2"));
            Assert.That(system.ExitCode, Is.Not.Zero, system.Output);
            Assert.That(system.Output, Does.Contain("Not authorized"));
            Assert.That(mounts.Trim(), Is.EqualTo("0"), "COPY LOG left nothing mounted under /media");
            Assert.That(firmware.ExitCode, Is.Zero, "/boot/firmware still mounted");
        });
    }

    [Test]
    [Order(11)]
    public async Task RESTART_by_touch_reboots_the_device_through_logind()
    {
        var bootId = (await Vm.CheckAsync("cat /proc/sys/kernel/random/boot_id")).Trim();
        await OpenSystemPageAsync();
        var serial = Vm.SerialLines;
        var started = Stopwatch.StartNew();
        await Vm.Qmp.TapAsync(108, 304, 800, 480); // RESTART
        await Task.Delay(1500);
        await Vm.Qmp.TapAsync(532, 322, 800, 480); // the confirmation's OK
        await Vm.WaitForLineAsync(l => l.Contains("reboot: Restarting system", StringComparison.Ordinal), TimeSpan.FromMinutes(2), from: serial);
        var down = started.Elapsed;
        // The new boot's test shell is enough: the display starting on a boot is the first test's (a second wait for it costs CI a minute and a half).
        await Vm.WaitForRebootAsync(serial, TimeSpan.FromMinutes(5));
        var after = (await Vm.CheckAsync("cat /proc/sys/kernel/random/boot_id")).Trim();
        await TestContext.Progress.WriteLineAsync($"RESTART by touch: the kernel restarted {down.TotalSeconds:0.0} s after the tap; the new boot's shell {started.Elapsed.TotalSeconds:0.0} s after it");
        Assert.That(after, Is.Not.EqualTo(bootId), "a new boot");
    }

    private async Task OpenSystemPageAsync()
    {
        // As the VM update test: the gear, then back one page (wraps to the last page, SYSTEM).
        await TapAndWaitAsync(772, 28);
        await TapAndWaitAsync(668, 34);
    }

    private async Task TapAndWaitAsync(int x, int y)
    {
        var before = await Vm.Qmp.ScreenshotAsync();
        await Vm.Qmp.TapAsync(x, y, 800, 480);
        var deadline = Stopwatch.StartNew();
        while ((await Vm.Qmp.ScreenshotAsync()).CountDifferences(before, 0, 60, 800, 420) <= 2000)
        {
            Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), $"the tap at ({x},{y}) changed nothing on the screen");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the restarted app's web server answers (it starts after the first frame).</summary>
    private async Task WaitForFrameAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await _http!.GetAsync("/api/status");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (deadline.Elapsed > timeout)
            {
                Assert.Fail($"the web server did not come back within {timeout.TotalSeconds:0} s\n{await DiagnosticsAsync()}");
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>What the unit and its processes are doing, for a failure message.</summary>
    private async Task<string> DiagnosticsAsync() =>
        (await Vm.RunAsync(
            "systemctl status fbdisplay.service --no-pager -n 30; ps -eo pid,stat,wchan:28,etime,args | grep -v ' \\[' ; " +
            "for t in /proc/$(systemctl show -p MainPID --value fbdisplay.service)/task/*; do echo \"$t $(cat $t/comm) $(cat $t/wchan)\"; done")).Output;

    private async Task<string> MainPidAsync() => (await Vm.CheckAsync("systemctl show -p MainPID --value fbdisplay.service")).Trim();

    private async Task<int> JournalLinesAsync() =>
        int.Parse(await Vm.CheckAsync("journalctl -b -u fbdisplay -o cat --no-pager | wc -l"), CultureInfo.InvariantCulture);

    /// <summary>The first journal line of the unit after line <paramref name="from"/> that matches the extended regex.</summary>
    private async Task<string> WaitForJournalAsync(string pattern, TimeSpan timeout, int from = 0)
    {
        var command = $"journalctl -b -u fbdisplay -o cat --no-pager | tail -n +{from + 1} | grep -E '{pattern}' | head -1";
        return (await WaitForGuestAsync(command, o => o.Trim().Length > 0, timeout, $"a journal line matching {pattern}")).Trim();
    }

    private async Task<string> WaitForGuestAsync(string command, Func<string, bool> done, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var (output, _) = await Vm.RunAsync(command);
            if (done(output))
            {
                return output;
            }

            if (deadline.Elapsed > timeout)
            {
                Assert.Fail($"no {what} within {timeout.TotalSeconds:0} s; last output: {output}\n{await DiagnosticsAsync()}");
            }

            await Task.Delay(1000);
        }
    }

    private async Task UnplugAsync(string id)
    {
        await Vm.Qmp.ExecuteAsync("device_del", new JsonObject { ["id"] = id });
        await WaitForGuestAsync("test -e /dev/disk/by-label/BATTERY || echo gone", o => o.Contains("gone", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the drive gone");
    }

    private async Task Attach(string name)
    {
        var ppm = Work.File(name + ".ppm");
        await Vm.Qmp.ScreendumpAsync(ppm);
        TestContext.AddTestAttachment(ppm, name);
    }

    private async Task MakeFatAsync(string image, int megabytes) =>
        await RunAsync("mkfs.vfat", "-C", "-n", "BATTERY", image, (megabytes * 1024).ToString(CultureInfo.InvariantCulture));

    private static Task McopyAsync(string image, string file, string name) => RunAsync("mcopy", "-i", image, file, "::" + name);

    private static (string Cert, string Key) NewCertificatePair()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=appliance-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (cert.ExportCertificatePem(), rsa.ExportRSAPrivateKeyPem());
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static async Task RunAsync(string file, params string[] args)
    {
        var (output, code) = await ApplianceVm.RunHostToolAsync(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}:\n{output}");
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, bool allowFailure)
    {
        var (output, code) = await ApplianceVm.RunHostToolAsync(file, args);
        return allowFailure || code == 0 ? (code, output) : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}:\n{output}");
    }

    [GeneratedRegex(@"fbdisplay\.service [@+]\d")]
    private static partial Regex FbdisplayUnit();
}
