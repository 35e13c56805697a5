using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using FbDisplay.TestSupport;
using FbDisplay.Vm.Tests.Harness;

namespace FbDisplay.Vm.Tests.Appliance;

/// <summary>
/// Issue 20's settings backup in the x86-64 appliance image, with a real FAT drive labelled BATTERY in a USB port, the
/// real fbdisplay.service (user fbdisplay, its sandbox) and the real NetworkManager (docs/backup.md). Display A (a
/// fresh disk) is set up as an installer would: settings (calibration, alarm thresholds, IDs, a password), the MQTT
/// certificate set from the drive, a WPA-PSK Wi-Fi profile; SAVE SETTINGS TO USB by touch writes the backup, read here
/// with mtools. Display B (another fresh disk) then boots with that drive (the certificate files taken off it, so only
/// the backup can bring them): its first start restores every item, a second start does not, and LOAD SETTINGS FROM
/// USB by touch brings back a setting changed on B. Two boots; the tests run in their <see cref="OrderAttribute"/> order.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ApplianceBackupTests
{
    private const string Data = "/var/lib/fbdisplay";
    private const string BackupName = "fbdisplay-backup.json";
    private const string WifiName = "Home";
    private const string WifiSsid = "Home Network";
    private const string WifiKey = "correct horse battery";

    /// <summary>Every message SAVE/LOAD SETTINGS ends with (SettingsBackup, the drive), as an extended regex.</summary>
    /// <summary>The start-up certificate import's journal line (MqttLink.Start, beside the start).</summary>
    private const string ImportLine = "BATTERY drive: ";

    private const string BackupOutcome = "Saved [0-9]+ settings|Restored [0-9]+ settings|Backup refused|Restore failed|Writing fbdisplay-backup|The BATTERY drive|No USB drive|Cannot (read|mount)|not FAT|holds no fbdisplay";

    // The system page (docs/screens/settings_system.png) and the confirmation (confirm_save_settings.png).
    private static readonly (int X, int Y) Gear = (772, 28);
    private static readonly (int X, int Y) Previous = (668, 34);
    private static readonly (int X, int Y) SaveToUsb = (595, 303);
    private static readonly (int X, int Y) LoadFromUsb = (595, 375);
    private static readonly (int X, int Y) ConfirmButton = (531, 322);

    /// <summary>What the installer set on display A: settings.json's keys, as the backup's flat keys.</summary>
    private static readonly Dictionary<string, string> SettingsA = new(StringComparer.Ordinal)
    {
        ["Display:TouchCalibration"] = "1.01;0;-4;0;0.99;3",
        ["Display:TemperatureUnit"] = "F",
        ["Display:Brightness"] = "60",
        ["Alarms:SocLow:Threshold"] = "15",
        ["Alarms:CellHigh:Threshold"] = "3.65",
        ["Mqtt:BmsId"] = "garage-bms",
        ["Mqtt:DisplayId"] = "kitchen-display",
        ["Mqtt:Password"] = "broker-secret-4711",
    };

    private static readonly string[] CertificateFiles = ["aws_url", "aws_cert.pem.crt", "aws_privkey.pem.key"];

    private TempDirectory? _work;
    private ApplianceVm? _vm;
    private JsonNode? _backup;
    private readonly StringBuilder _figures = new();

    private TempDirectory Work => _work ?? throw new InvalidOperationException("no work directory");

    private ApplianceVm Vm => _vm ?? throw new InvalidOperationException("not booted");

    private string Drive => Work.File("battery.img");

    [OneTimeSetUp]
    public async Task BuildAsync()
    {
        var build = await ApplianceVm.EnsureBuiltAsync();
        await TestContext.Progress.WriteLineAsync(build);
        _work = new TempDirectory("appliance-backup");
        Report($"load average {LoadAverage()} at the start");
    }

    [OneTimeTearDown]
    public async Task PowerOffAsync()
    {
        await StopAsync();
        _work?.Dispose();
        TestContext.Out.WriteLine(_figures.ToString());
    }

    [Test]
    [Order(1)]
    public async Task SAVE_SETTINGS_TO_USB_by_touch_writes_every_item_of_display_A_onto_the_real_drive()
    {
        // The drive: empty but for the MQTT set, which display A imports at its start (as an installer brings it).
        await RunAsync("mkfs.vfat", "-C", "-n", "BATTERY", Drive, (32 * 1024).ToString(CultureInfo.InvariantCulture));
        var (cert, key) = NewCertificatePair();
        await File.WriteAllTextAsync(Work.File("aws_url"), "a2718fm89xva84-ats.iot.us-east-1.amazonaws.com\n");
        await File.WriteAllTextAsync(Work.File("aws_cert.pem.crt"), cert);
        await File.WriteAllTextAsync(Work.File("aws_privkey.pem.key"), key);
        foreach (var name in CertificateFiles)
        {
            await RunAsync("mcopy", "-i", Drive, Work.File(name), "::" + name);
        }

        var boot = Stopwatch.StartNew();
        await BootAsync("a");
        Report($"display A: test shell {Vm.Elapsed.TotalSeconds:0} s, web server {boot.Elapsed.TotalSeconds:0} s after QEMU started");
        // The import runs beside the start (MqttLink.Start), the drive mounted through udisks2: its journal line first.
        var import = await WaitForJournalAsync(ImportLine, TimeSpan.FromMinutes(2), 0);
        Assert.That(import, Does.Contain("Imported aws_url, aws_cert.pem.crt, aws_privkey.pem.key from the BATTERY drive."));
        var imported = await Vm.CheckAsync($"stat -c '%n %a %U' {string.Join(' ', CertificateFiles.Select(f => $"{Data}/{f}"))}");
        Assert.That(imported, Does.Contain("aws_privkey.pem.key 600 fbdisplay"), "display A imported the certificate set from the drive at its start");

        // The installer's settings (as SAVE on the pages writes them: nested JSON), then a start that uses them.
        await Vm.CheckAsync("systemctl stop fbdisplay.service", TimeSpan.FromMinutes(1));
        await WriteSettingsAsync(SettingsA);
        await Vm.CheckAsync("systemctl start fbdisplay.service", TimeSpan.FromMinutes(2));
        await WaitForWebAsync(TimeSpan.FromMinutes(3));
        Assert.That(await DisplayIdAsync(), Is.EqualTo("kitchen-display"), "display A runs with its installer's settings");

        // A saved Wi-Fi network with a key, a static address and autoconnect off (there is no radio: it never joins).
        await Vm.CheckAsync("systemctl is-active NetworkManager.service", TimeSpan.FromMinutes(1));
        await Vm.CheckAsync(
            $"nmcli -c no connection add type wifi con-name {WifiName} ssid '{WifiSsid}' connection.autoconnect no " +
            $"wifi-sec.key-mgmt wpa-psk wifi-sec.psk '{WifiKey}' ipv4.method manual ipv4.addresses 192.168.1.72/24 ipv4.gateway 192.168.1.1 ipv4.dns 192.168.1.1");

        await OpenSystemPageAsync();
        var from = await JournalLinesAsync();
        var tapped = Stopwatch.StartNew();
        await TapAndWaitAsync(SaveToUsb);
        await Attach("a-confirm-save");
        await Vm.Qmp.TapAsync(ConfirmButton.X, ConfirmButton.Y, 800, 480);
        var message = await WaitForJournalAsync(BackupOutcome, TimeSpan.FromMinutes(1), from);
        await WaitForScreenAsync(s => ToastRows(s, IsGreen) > 30, TimeSpan.FromSeconds(30), "a green message on the system page");
        Report($"SAVE SETTINGS TO USB: confirm tap to the journal's message and the green one on the screen {tapped.Elapsed.TotalSeconds:0.0} s: {message}");
        await Attach("a-saved");
        var journal = await Vm.CheckAsync($"journalctl -b -u fbdisplay -o cat --no-pager | tail -n +{from + 1}");
        await Vm.Qmp.ExecuteAsync("device_del", new JsonObject { ["id"] = "usb-battery0" });
        await WaitForGuestAsync("test -e /dev/disk/by-label/BATTERY || echo gone", o => o.Contains("gone", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the drive gone");
        await StopAsync();

        var copy = Work.File(BackupName);
        await RunAsync("mcopy", "-n", "-i", Drive, "::" + BackupName, copy);
        _backup = JsonNode.Parse(await File.ReadAllBytesAsync(copy))!;
        var settings = _backup["settings"]!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<string>(), StringComparer.Ordinal);
        var files = _backup["files"]!.AsObject();
        var wifi = _backup["wifi"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.StartWith($"Saved {SettingsA.Count} settings, MQTT certificates, 1 Wi-Fi to BATTERY."), journal);
            Assert.That(journal, Does.Not.Contain("Left out of the backup"));
            Assert.That(settings, Is.EquivalentTo(SettingsA), "every setting of settings.json, the password too");
            Assert.That(files.Select(f => f.Key), Is.EquivalentTo(CertificateFiles));
            Assert.That(files["aws_privkey.pem.key"]!.GetValue<string>().Trim(), Is.EqualTo(key.Trim()), "the private key");
            Assert.That(wifi["name"]!.GetValue<string>(), Is.EqualTo(WifiName));
            Assert.That(wifi["ssid"]!.GetValue<string>(), Is.EqualTo(WifiSsid));
            Assert.That(wifi["security"]!.GetValue<string>(), Is.EqualTo("wpa-psk"));
            Assert.That(wifi["psk"]!.GetValue<string>(), Is.EqualTo(WifiKey), "NetworkManager gave the unit the key");
            Assert.That(wifi["autoconnect"]!.GetValue<bool>(), Is.False);
            Assert.That(wifi["ipv4Method"]!.GetValue<string>(), Is.EqualTo("manual"));
            Assert.That(wifi["ipv4Addresses"]!.GetValue<string>(), Is.EqualTo("192.168.1.72/24"));
            Assert.That(wifi["ipv4Gateway"]!.GetValue<string>(), Is.EqualTo("192.168.1.1"));
            Assert.That(wifi["ipv4Dns"]!.GetValue<string>(), Is.EqualTo("192.168.1.1"));
            Assert.That(_backup["omitted"], Is.Null, "nothing left out");
            Assert.That(_backup["source"]!.GetValue<string>(), Does.Match("^fbdisplay-[0-9a-f]{6}$"), "made on display A");
        });
    }

    [Test]
    [Order(2)]
    public async Task The_first_start_of_display_B_with_the_drive_in_restores_every_item_and_a_second_start_does_not()
    {
        var backup = _backup ?? throw new InvalidOperationException("display A's backup was not made");

        // Only the backup on the drive: the start-up certificate import cannot be what brings them to B.
        foreach (var name in CertificateFiles)
        {
            await RunAsync("mdel", "-i", Drive, "::" + name);
        }

        var listing = (await ApplianceVm.RunHostToolAsync("mdir", ["-b", "-i", Drive, "::"])).Output;
        Assert.That(listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Path.GetFileName(l.Trim())), Is.EqualTo(new[] { BackupName }));

        var boot = Stopwatch.StartNew();
        await BootAsync("b");
        Report($"display B: test shell {Vm.Elapsed.TotalSeconds:0} s, web server {boot.Elapsed.TotalSeconds:0} s after QEMU started");
        await Attach("b-first-start");
        var screen = await Vm.Qmp.ScreenshotAsync();
        var journal = await Vm.CheckAsync("journalctl -b -u fbdisplay -o cat --no-pager | grep 'First start' || true");
        var settings = await ReadSettingsAsync();
        var modes = await Vm.CheckAsync($"stat -c '%n %a %U' {string.Join(' ', CertificateFiles.Select(f => $"{Data}/{f}"))}");
        var key = await Vm.CheckAsync($"cat {Data}/aws_privkey.pem.key; echo");
        var profile = await Vm.CheckAsync(
            $"nmcli -c no -s -t -f connection.id,802-11-wireless.ssid,802-11-wireless-security.key-mgmt,802-11-wireless-security.psk,connection.autoconnect,ipv4.method,ipv4.addresses,ipv4.gateway,ipv4.dns connection show id {WifiName}");
        var displayId = await DisplayIdAsync();
        var done = await Vm.RunAsync($"test -e {Data}/.first-start-done");
        var order = await Vm.CheckAsync(
            "systemctl show -p ActiveEnterTimestampMonotonic --value NetworkManager.service; systemctl show -p ExecMainStartTimestampMonotonic --value fbdisplay.service");
        var times = order.Split('\n').Select(l => long.Parse(l.Trim(), CultureInfo.InvariantCulture) / 1e6).ToArray();
        Report($"display B's first start: NetworkManager active {times[0]:0.0} s, fbdisplay.service started {times[1]:0.0} s after the kernel\n{journal}");
        var files = backup["files"]!.AsObject();
        Assert.Multiple(() =>
        {
            Assert.That(journal, Does.Contain($"First start: Restored {SettingsA.Count} settings, MQTT certificates, 1 Wi-Fi. This start uses them."));
            Assert.That(journal, Does.Contain("First start: Backup of fbdisplay-"), "which display the backup came from");
            // "Settings restored from the BATTERY drive", amber, on the main screen's message line (bottom right).
            Assert.That(screen.Count(480, 448, 320, 28, IsAmber), Is.GreaterThan(200), "the main screen's line says the settings were restored");
            Assert.That(settings, Is.EquivalentTo(SettingsA), "settings.json of B: every setting of A's");
            // The key 0600 from its creation on; the others as the unit's umask makes them (0077 in the image: 0600 too).
            Assert.That(modes.Split('\n').Select(l => l.Trim()), Has.Member($"{Data}/aws_privkey.pem.key 600 fbdisplay"));
            Assert.That(modes.Split('\n').Select(l => l.Trim()), Has.Exactly(3).EndsWith(" fbdisplay"), modes);
            Assert.That(key.Trim(), Is.EqualTo(files["aws_privkey.pem.key"]!.GetValue<string>().Trim()));
            Assert.That(profile.Split('\n').Select(l => l.Trim()), Is.EquivalentTo(new[]
            {
                $"connection.id:{WifiName}", $"802-11-wireless.ssid:{WifiSsid}", "802-11-wireless-security.key-mgmt:wpa-psk",
                $"802-11-wireless-security.psk:{WifiKey}", "connection.autoconnect:no", "ipv4.method:manual",
                "ipv4.addresses:192.168.1.72/24", "ipv4.gateway:192.168.1.1", "ipv4.dns:192.168.1.1",
            }), "NetworkManager's profile with its key (nmcli -s as root)");
            Assert.That(displayId, Is.EqualTo("kitchen-display"), "the first start already runs with the restored settings");
            Assert.That(done.ExitCode, Is.Zero, ".first-start-done is left behind");
        });

        // A second start, after an owner changed a setting on B: the drive is still in, nothing is restored.
        var changed = new Dictionary<string, string>(SettingsA, StringComparer.Ordinal) { ["Mqtt:BmsId"] = "changed-on-b" };
        await Vm.CheckAsync("systemctl stop fbdisplay.service", TimeSpan.FromMinutes(1));
        var from = await JournalLinesAsync();
        await WriteSettingsAsync(changed);
        await Vm.CheckAsync("systemctl start fbdisplay.service", TimeSpan.FromMinutes(2));
        await WaitForWebAsync(TimeSpan.FromMinutes(3));
        await WaitForJournalAsync(ImportLine, TimeSpan.FromMinutes(2), from); // the restarted unit's look at the drive, done
        var second = await Vm.CheckAsync($"journalctl -b -u fbdisplay -o cat --no-pager | tail -n +{from + 1}");
        var bmsId = (await ReadSettingsAsync())["Mqtt:BmsId"];
        Assert.Multiple(() =>
        {
            Assert.That(second, Does.Contain("starting; data in"), "the unit started again");
            Assert.That(second, Does.Not.Contain("First start"));
            Assert.That(bmsId, Is.EqualTo("changed-on-b"));
        });
    }

    [Test]
    [Order(3)]
    public async Task LOAD_SETTINGS_FROM_USB_by_touch_brings_back_display_A_s_settings()
    {
        Assert.That((await ReadSettingsAsync())["Mqtt:BmsId"], Is.EqualTo("changed-on-b"), "B's own change is in force");
        await OpenSystemPageAsync();
        var from = await JournalLinesAsync();
        var tapped = Stopwatch.StartNew();
        await TapAndWaitAsync(LoadFromUsb);
        await Attach("b-confirm-load");
        await Vm.Qmp.TapAsync(ConfirmButton.X, ConfirmButton.Y, 800, 480);
        var message = await WaitForJournalAsync(BackupOutcome, TimeSpan.FromMinutes(1), from);
        await WaitForScreenAsync(s => ToastRows(s, IsGreen) > 30, TimeSpan.FromSeconds(30), "a green message on the system page");
        Report($"LOAD SETTINGS FROM USB: confirm tap to the journal's message and the green one on the screen {tapped.Elapsed.TotalSeconds:0.0} s: {message}");
        await Attach("b-loaded");
        var journal = await Vm.CheckAsync($"journalctl -b -u fbdisplay -o cat --no-pager | tail -n +{from + 1}");
        var settings = await ReadSettingsAsync();
        var psk = await Vm.CheckAsync($"nmcli -c no -s -g 802-11-wireless-security.psk connection show id {WifiName}");
        var profiles = await Vm.CheckAsync("nmcli -c no -t -f NAME connection show");
        Assert.Multiple(() =>
        {
            Assert.That(message, Does.StartWith($"Restored {SettingsA.Count} settings, MQTT certificates, 1 Wi-Fi. RESTART to apply."), journal);
            Assert.That(settings, Is.EquivalentTo(SettingsA), "A's BmsId is back");
            Assert.That(psk.Trim(), Is.EqualTo(WifiKey), "the profile made again by the unit's nmcli");
            Assert.That(profiles.Split('\n').Count(l => l.Trim() == WifiName), Is.EqualTo(1), "the old profile of that name deleted first");
        });
    }

    private async Task BootAsync(string name)
    {
        _vm = await ApplianceVm.StartAsync(new ApplianceVmOptions
        {
            DiskPath = Work.File($"disk-{name}.qcow2"),
            Forwards = [new VmPortForward(VmProtocol.Tcp, 8080)],
            ExtraQemuArguments =
            [
                "-device", "qemu-xhci,id=xhci",
                "-drive", $"if=none,id=battery0,format=raw,file={Drive}",
                "-device", "usb-storage,bus=xhci.0,drive=battery0,id=usb-battery0,removable=on",
            ],
        });
        await Vm.CheckAsync("export SYSTEMD_COLORS=0 SYSTEMD_PAGER=cat SYSTEMD_URLIFY=0 NO_COLOR=1 TERM=dumb");
        await WaitForWebAsync(TimeSpan.FromMinutes(5));
    }

    private async Task StopAsync()
    {
        if (_vm is not null)
        {
            var journal = await _vm.RunAsync("journalctl -b -u fbdisplay -o cat --no-pager | tail -40", TimeSpan.FromSeconds(30));
            await TestContext.Progress.WriteLineAsync(journal.Output);
            await _vm.DisposeAsync();
            _vm = null;
        }
    }

    /// <summary>settings.json as the owner's SAVE writes it (nested, SchemaVersion 1), written as the display's user.</summary>
    private async Task WriteSettingsAsync(IReadOnlyDictionary<string, string> values)
    {
        var root = new JsonObject { ["SchemaVersion"] = 1 };
        foreach (var (k, v) in values)
        {
            var parts = k.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                if (node[part] is not JsonObject child)
                {
                    child = [];
                    node[part] = child;
                }

                node = child;
            }

            node[parts[^1]] = v;
        }

        var text = Convert.ToBase64String(Encoding.UTF8.GetBytes(root.ToJsonString() + "\n"));
        await Vm.CheckAsync($"echo {text} | runuser -u fbdisplay -- sh -c 'base64 -d > {Data}/.settings.json.test && mv {Data}/.settings.json.test {Data}/settings.json'");
    }

    /// <summary>The display's settings.json as flat keys, without SchemaVersion.</summary>
    private async Task<Dictionary<string, string>> ReadSettingsAsync()
    {
        // The trailing newline: the console's end marker must start a line of its own.
        var text = await Vm.CheckAsync($"base64 -w0 {Data}/settings.json; echo");
        var root = JsonNode.Parse(Convert.FromBase64String(text.Trim()));
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(root, "", flat);
        flat.Remove("SchemaVersion");
        return flat;
    }

    private static void Flatten(JsonNode? node, string prefix, Dictionary<string, string> into)
    {
        if (node is JsonObject o)
        {
            foreach (var (k, child) in o)
            {
                Flatten(child, prefix.Length == 0 ? k : prefix + ":" + k, into);
            }
        }
        else if (node is JsonValue v)
        {
            into[prefix] = v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString();
        }
    }

    private async Task<string?> DisplayIdAsync()
    {
        using var http = Web();
        return JsonNode.Parse(await http.GetStringAsync("/api/status"))?["displayId"]?.GetValue<string>();
    }

    private HttpClient Web() => new() { BaseAddress = new Uri($"http://127.0.0.1:{Vm.HostPort(VmProtocol.Tcp, 8080)}"), Timeout = TimeSpan.FromSeconds(10) };

    private async Task OpenSystemPageAsync()
    {
        // The gear, then back one page (wraps to the last page, SYSTEM).
        await TapAndWaitAsync(Gear);
        await TapAndWaitAsync(Previous);
    }

    private async Task TapAndWaitAsync((int X, int Y) at)
    {
        var before = await Vm.Qmp.ScreenshotAsync();
        await Vm.Qmp.TapAsync(at.X, at.Y, 800, 480);
        var deadline = Stopwatch.StartNew();
        while ((await Vm.Qmp.ScreenshotAsync()).CountDifferences(before, 0, 60, 800, 420) <= 2000)
        {
            Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), $"the tap at ({at.X},{at.Y}) changed nothing on the screen");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until the app's web server answers (it starts after the first frame).</summary>
    private async Task WaitForWebAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var http = Web();
                using var response = await http.GetAsync("/api/status");
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
                var status = await Vm.RunAsync("systemctl status fbdisplay.service --no-pager -n 40");
                Assert.Fail($"the web server did not answer within {timeout.TotalSeconds:0} s\n{status.Output}");
            }

            await Task.Delay(1000);
        }
    }

    private async Task<int> JournalLinesAsync() =>
        int.Parse(await Vm.CheckAsync("journalctl -b -u fbdisplay -o cat --no-pager | wc -l"), CultureInfo.InvariantCulture);

    /// <summary>The first journal line of the unit after line <paramref name="from"/> that matches the extended regex, from the message on.</summary>
    private async Task<string> WaitForJournalAsync(string pattern, TimeSpan timeout, int from)
    {
        // The start-up certificate import's line ("BATTERY drive: The BATTERY drive holds no MQTT files") is not a SAVE's or LOAD's answer.
        var exclude = pattern == ImportLine ? "^$" : ImportLine;
        var command = $"journalctl -b -u fbdisplay -o cat --no-pager | tail -n +{from + 1} | grep -v '{exclude}' | grep -oE '({pattern}).*' | head -1";
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
                var journal = await Vm.RunAsync("journalctl -b -u fbdisplay -o cat --no-pager | tail -30");
                Assert.Fail($"no {what} within {timeout.TotalSeconds:0} s; last output: {output}\n{journal.Output}");
            }

            await Task.Delay(1000);
        }
    }

    private async Task WaitForScreenAsync(Func<PpmImage, bool> done, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!done(await Vm.Qmp.ScreenshotAsync()))
        {
            if (deadline.Elapsed > timeout)
            {
                await Attach("timeout");
                Assert.Fail($"no {what} within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(250);
        }
    }

    private static bool IsGreen(Rgb c) => c.R < 90 && c.G > 170 && c.B < 120;

    private static bool IsAmber(Rgb c) => c.R > 200 && c.G is > 130 and < 210 && c.B < 90;

    // A toast (src/FbDisplay.Ui/Widgets/Toast.cs): its kind's colour in an 8 px stripe at x 16-24 on a button-face box.
    private static int ToastRows(PpmImage s, Func<Rgb, bool> kind)
    {
        var rows = 0;
        for (var y = 300; y < s.Height; y++)
        {
            var face = s[30, y];
            if (kind(s[20, y]) && face.R is > 0x20 and < 0x2A && face.G is > 0x26 and < 0x30 && face.B is > 0x31 and < 0x3B)
            {
                rows++;
            }
        }

        return rows;
    }

    private async Task Attach(string name)
    {
        var ppm = Work.File(name + ".ppm");
        await Vm.Qmp.ScreendumpAsync(ppm);
        var kept = Path.Combine(TestContext.CurrentContext.WorkDirectory, "appliance-backup-" + name + ".ppm");
        File.Copy(ppm, kept, overwrite: true);
        TestContext.AddTestAttachment(kept, name);
    }

    private static (string Cert, string Key) NewCertificatePair()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=appliance-backup-test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (cert.ExportCertificatePem(), rsa.ExportRSAPrivateKeyPem());
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var (output, code) = await ApplianceVm.RunHostToolAsync(file, args);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}:\n{output}");
        }
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private void Report(string line)
    {
        _figures.AppendLine(line);
        TestContext.Progress.WriteLine(line);
    }
}
