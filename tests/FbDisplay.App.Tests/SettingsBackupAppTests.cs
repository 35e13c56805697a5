using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FbDisplay.Core.Can;
using FbDisplay.Services.Backup;
using FbDisplay.Services.Logging;
using FbDisplay.Services.Storage;
using FbDisplay.Settings;
using FbDisplay.TestSupport;
using FbDisplay.Ui.Settings;

namespace FbDisplay.App.Tests;

/// <summary>SAVE SETTINGS TO USB / LOAD SETTINGS FROM USB through the settings backend, the first start's restore and the web download, with the real program.</summary>
[NonParallelizable]
public class SettingsBackupAppTests
{
    private const string MqttPassword = "broker-secret-4711";

    private static (string Cert, string Key) NewPair()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=display-a", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 cert = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (cert.ExportCertificatePem(), rsa.ExportRSAPrivateKeyPem());
    }

    /// <summary>Display A's data directory: settings an installer makes, and the MQTT files.</summary>
    private static void MakeDisplayA(string data)
    {
        new SettingsFile(data, TimeProvider.System).Save(new Dictionary<string, string?>
        {
            [Catalog.Display.TouchCalibration.Key] = "1.01;0;-4;0;0.99;3",
            [Catalog.Display.Brightness.Key] = "60",
            [Catalog.Mqtt.BmsId.Key] = "garage-bms",
            [Catalog.Mqtt.DisplayId.Key] = "kitchen-display",
            [Catalog.Mqtt.Password.Key] = MqttPassword,
            [Catalog.Alarms.For(Core.Alarms.AlarmKind.SocLow).Threshold.Key] = "15",
        });
        (string cert, string key) = NewPair();
        File.WriteAllText(Path.Combine(data, "aws_url"), "mqtts://broker.invalid:8883\n");
        File.WriteAllText(Path.Combine(data, "aws_cert.pem.crt"), cert);
        File.WriteAllText(Path.Combine(data, "aws_privkey.pem.key"), key);
    }

    private static SettingsBackend Backend(string data, PowerSafeLogWriter log, IRemovableDrive drive, IWifiConnections wifi, List<string> journal) =>
        new(SettingsReader.Defaults, new SettingsFile(data, TimeProvider.System), log, new FrameCounters(), TimeProvider.System, () => { })
        {
            BatteryDrive = drive,
            Wifi = wifi,
            Journal = journal.Add,
        };

    [Test]
    public async Task Save_on_one_display_and_load_on_another_through_the_system_page_backend()
    {
        using var a = new TempDirectory("display-a");
        using var b = new TempDirectory("display-b");
        using var drive = new TempDirectory("battery");
        MakeDisplayA(a.Path);
        await using var logA = new PowerSafeLogWriter(a.Path, TimeProvider.System);
        await using var logB = new PowerSafeLogWriter(b.Path, TimeProvider.System);
        var journal = new List<string>();
        var wifiA = new RecordingWifi([new WifiConnection { Name = "Home", Ssid = "Home", Security = "wpa-psk", Psk = "correct horse battery" }]);
        var wifiB = new RecordingWifi([]);
        ISettingsBackend backendA = Backend(a.Path, logA, new DirectoryDrive(drive.Path), wifiA, journal);
        ISettingsBackend backendB = Backend(b.Path, logB, new DirectoryDrive(drive.Path), wifiB, journal);
        Assert.That(backendB.Get(Catalog.Mqtt.BmsId.Key), Is.Null, "B starts without an id");

        SettingsResult saved = await backendA.SaveSettingsToUsbAsync(CancellationToken.None);
        Assert.That(saved.Ok, Is.True, saved.Message);
        SettingsResult loaded = await backendB.LoadSettingsFromUsbAsync(CancellationToken.None);
        Assert.That(loaded.Ok, Is.True, loaded.Message);
        Assert.That(loaded.Message, Is.EqualTo("Restored 6 settings, MQTT certificates, 1 Wi-Fi. RESTART to apply."));

        Assert.That(backendB.Get(Catalog.Mqtt.BmsId.Key), Is.EqualTo("garage-bms"), "the pages read the restored file, not a stale copy");
        Assert.That(backendB.Get(Catalog.Display.TouchCalibration.Key), Is.EqualTo("1.01;0;-4;0;0.99;3"));
        Assert.That(File.ReadAllText(b.File("aws_privkey.pem.key")), Is.EqualTo(File.ReadAllText(a.File("aws_privkey.pem.key"))));
        Assert.That(wifiB.Imported.Select(c => c.Psk), Is.EqualTo(new[] { "correct horse battery" }));
        Assert.That(journal, Has.Some.StartsWith("Restored 6 settings"), "the journal hears what the screen shows");
    }

    [Test]
    public async Task A_first_start_with_a_backup_on_the_drive_restores_it_before_the_settings_are_read_and_the_web_download_has_no_secrets()
    {
        using var dir = new TempDirectory();
        string a = Directory.CreateDirectory(dir.File("a")).FullName;
        string b = dir.File("b");
        string drive = Directory.CreateDirectory(dir.File("battery")).FullName;
        MakeDisplayA(a);
        BackupResult saved = await new SettingsBackup(a, TimeProvider.System, null, "test").SaveToAsync(new DirectoryDrive(drive));
        Assert.That(saved.Ok, Is.True, saved.Message);

        int web = FreePort.Tcp();
        string[] args =
        [
            $"--DataDir={b}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{web.ToString(CultureInfo.InvariantCulture)}", $"--Udp:Port={FreePort.Udp().ToString(CultureInfo.InvariantCulture)}",
            $"--Storage:BatteryDevice={drive}", "--Mqtt:Mode=Off",
        ];
        using (var app = ChildProcess.StartDll("fbdisplay.dll", args))
        {
            await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(60));
            Assert.That(app.Output, Does.Contain("First start: Restored 6 settings, MQTT certificates, 0 Wi-Fi. This start uses them."));
            Assert.That(app.Output, Does.Not.Contain("Setting ignored"), "the restored file reads cleanly");
            Assert.That(File.ReadAllText(Path.Combine(b, "settings.json")), Does.Contain("garage-bms").And.Contain(MqttPassword));
            Assert.That(File.ReadAllBytes(Path.Combine(b, "aws_cert.pem.crt")), Is.EqualTo(File.ReadAllBytes(Path.Combine(a, "aws_cert.pem.crt"))));

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web}"), Timeout = TimeSpan.FromSeconds(30) };
            using HttpResponseMessage download = await http.GetAsync(new Uri("/api/backup.json", UriKind.Relative));
            string body = await download.Content.ReadAsStringAsync();
            Assert.That(download.Content.Headers.ContentDisposition?.FileName?.Trim('"'), Is.EqualTo(SettingsBackup.FileName));
            Assert.That(body, Does.Contain("garage-bms").And.Contain("kitchen-display"));
            Assert.That(body, Does.Not.Contain(MqttPassword).And.Not.Contain("PRIVATE KEY"));
            Assert.That(body, Does.Contain("\"omitted\"").And.Contain("Mqtt:Password").And.Contain("aws_privkey.pem.key"));
            Assert.That(app.Terminate(TimeSpan.FromSeconds(20)), Is.True, app.Output);
        }

        // The second start is no first start: a changed setting is not overwritten by the backup again.
        new SettingsFile(b, TimeProvider.System).Save([new(Catalog.Mqtt.BmsId.Key, "changed-later")]);
        using (var again = ChildProcess.StartDll("fbdisplay.dll", args))
        {
            await again.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(60));
            Assert.That(again.Output, Does.Not.Contain("First start"));
            Assert.That(File.ReadAllText(Path.Combine(b, "settings.json")), Does.Contain("changed-later"));
            Assert.That(again.Terminate(TimeSpan.FromSeconds(20)), Is.True, again.Output);
        }
    }

    [Test]
    public async Task A_refused_backup_at_first_start_is_said_and_the_display_starts_on_defaults()
    {
        using var dir = new TempDirectory();
        string b = dir.File("b");
        string drive = Directory.CreateDirectory(dir.File("battery")).FullName;
        File.WriteAllText(Path.Combine(drive, SettingsBackup.FileName), "{\"format\":\"fbdisplay-settings-backup\",\"version\":7,\"product\":\"FbDisplay\"}");
        int web = FreePort.Tcp();
        using var app = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={b}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{web.ToString(CultureInfo.InvariantCulture)}", $"--Udp:Port={FreePort.Udp().ToString(CultureInfo.InvariantCulture)}",
            $"--Storage:BatteryDevice={drive}",
        ]);
        await app.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(60));
        Assert.That(app.Output, Does.Contain("First start: Backup refused: made by a newer FbDisplay (format 7, this one reads 1): update this one first. Nothing was changed."));
        Assert.That(File.Exists(Path.Combine(b, "settings.json")), Is.False, "nothing was written");
        Assert.That(app.Terminate(TimeSpan.FromSeconds(20)), Is.True, app.Output);

        // Still no settings.json, now a good backup on the drive: the next start is no first start and leaves it there.
        string a = Directory.CreateDirectory(dir.File("a")).FullName;
        MakeDisplayA(a);
        BackupResult saved = await new SettingsBackup(a, TimeProvider.System, null, "test").SaveToAsync(new DirectoryDrive(drive));
        Assert.That(saved.Ok, Is.True, saved.Message);
        using var again = ChildProcess.StartDll("fbdisplay.dll",
        [
            $"--DataDir={b}", $"--Display:Framebuffer={dir.File("fb0.raw")}", "--Display:Touch=none",
            $"--Web:Urls=http://127.0.0.1:{FreePort.Tcp().ToString(CultureInfo.InvariantCulture)}", $"--Udp:Port={FreePort.Udp().ToString(CultureInfo.InvariantCulture)}",
            $"--Storage:BatteryDevice={drive}",
        ]);
        await again.WaitForLineAsync("Web server on", TimeSpan.FromSeconds(60));
        Assert.That(again.Output, Does.Not.Contain("First start"));
        Assert.That(File.Exists(Path.Combine(b, "settings.json")), Is.False, "the backup was not taken");
        Assert.That(again.Terminate(TimeSpan.FromSeconds(20)), Is.True, again.Output);
    }

    [Test]
    public void A_saved_wifi_profile_as_nmcli_prints_it_is_read_whole()
    {
        const string profile = """
            connection.id:Home
            connection.type:802-11-wireless
            connection.autoconnect:yes
            802-11-wireless.ssid:Home\:Net
            802-11-wireless.mode:infrastructure
            802-11-wireless-security.key-mgmt:wpa-psk
            802-11-wireless-security.psk:pass\:word\\1
            ipv4.method:manual
            ipv4.dns:192.168.1.1,9.9.9.9
            ipv4.addresses:192.168.1.72/24
            ipv4.gateway:192.168.1.1
            """;
        WifiConnection? c = NmcliWifiConnections.ParseProfile("Home", profile);
        Assert.That(c, Is.EqualTo(new WifiConnection
        {
            Name = "Home", Ssid = "Home:Net", Security = "wpa-psk", Psk = "pass:word\\1", Ipv4Method = "manual",
            Ipv4Addresses = "192.168.1.72/24", Ipv4Gateway = "192.168.1.1", Ipv4Dns = "192.168.1.1,9.9.9.9",
        }));

        Assert.That(NmcliWifiConnections.ParseProfile("Office", "802-11-wireless.ssid:Office\n802-11-wireless-security.key-mgmt:wpa-eap\n"), Is.Null, "enterprise networks are not carried");
        Assert.That(NmcliWifiConnections.ParseProfile("Open", "802-11-wireless.ssid:cafe\nipv4.method:auto\nipv4.gateway:--\n"),
            Is.EqualTo(new WifiConnection { Name = "Open", Ssid = "cafe" }), "'--' is nmcli's empty");
    }

    [Test]
    public async Task A_first_start_restore_waits_for_NetworkManager_that_is_still_starting()
    {
        // At boot fbdisplay.service starts beside NetworkManager: its first nmcli calls can find it not running yet.
        var calls = new List<string>();
        var notRunning = 2;
        var wifi = new NmcliWifiConnections(TimeSpan.FromSeconds(10), TimeProvider.System)
        {
            Run = (args, _) =>
            {
                calls.Add(string.Join(' ', args));
                return Task.FromResult(notRunning-- > 0 ? (NmcliWifiConnections.NotRunning, "", "Error: NetworkManager is not running.")
                    : args[0] == "--show-secrets" ? (0, "802-11-wireless-security.psk:correct horse battery\n", "") : (0, "", ""));
            },
        };
        var home = new WifiConnection { Name = "Home", Ssid = "Home", Security = "wpa-psk", Psk = "correct horse battery" };

        string? problem = await wifi.ImportAsync(home, CancellationToken.None);

        Assert.That(problem, Is.Null);
        Assert.That(calls, Is.EqualTo(new[]
        {
            "-t -f NAME connection show", "-t -f NAME connection show", "-t -f NAME connection show",
            string.Join(' ', NmcliWifiConnections.AddArguments(home)),
            "--show-secrets -t -f 802-11-wireless-security.psk connection show id Home",
        }), "asked again until NetworkManager answered, then made the connection and read its key back");
        Assert.That(wifi.WaitedForStart, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.9)), "two polls of 0.5 s, for the journal");
    }

    [TestCase(1, null)]
    [TestCase(2, "Home: NetworkManager did not keep its key")]
    public async Task A_key_NetworkManager_did_not_keep_is_set_again_once_and_else_reported(int lost, string? expected)
    {
        // Seen once in the appliance image: a first-boot restore made the profile, but its key was empty afterwards.
        var calls = new List<string>();
        string stored = "";
        var wifi = new NmcliWifiConnections
        {
            Run = (args, _) =>
            {
                calls.Add(args[0] == "--show-secrets" ? "show-secrets" : $"{args[0]} {args[1]}");
                if (args is ["connection", "add", ..] or ["connection", "modify", ..])
                {
                    stored = lost-- > 0 ? "" : args[^1];
                }

                return Task.FromResult(args[0] == "--show-secrets" ? (0, $"802-11-wireless-security.psk:{stored.Replace(":", "\\:", StringComparison.Ordinal)}\n", "") : (0, "", ""));
            },
        };
        var home = new WifiConnection { Name = "Home", Ssid = "Home", Security = "wpa-psk", Psk = "correct:horse battery" };

        string? problem = await wifi.ImportAsync(home, CancellationToken.None);

        Assert.That(problem, Is.EqualTo(expected));
        Assert.That(calls, Is.EqualTo(new[] { "-t -f", "connection add", "show-secrets", "connection modify", "show-secrets" }));
    }

    [Test]
    public void The_key_is_read_from_nmclis_terse_answer() =>
        Assert.That(NmcliWifiConnections.KeyIn("802-11-wireless-security.psk:pass\\:word\n"), Is.EqualTo("pass:word"));

    [Test]
    public async Task Without_a_wait_or_past_it_a_NetworkManager_that_is_not_running_is_said_at_once()
    {
        var calls = 0;
        Task<(int, string, string)> NeverRunning(IReadOnlyList<string> args, CancellationToken ct)
        {
            calls++;
            return Task.FromResult((NmcliWifiConnections.NotRunning, "", "Error: NetworkManager is not running."));
        }

        var home = new WifiConnection { Name = "Home", Ssid = "Home" };
        string? now = await new NmcliWifiConnections { Run = NeverRunning }.ImportAsync(home, CancellationToken.None);
        Assert.That((now, calls), Is.EqualTo(("Error: NetworkManager is not running.", 1)), "SAVE and LOAD on a running display do not wait");

        calls = 0;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        WifiExport export = await new NmcliWifiConnections(TimeSpan.FromSeconds(1.2), TimeProvider.System) { Run = NeverRunning }.ExportAsync(true, CancellationToken.None);
        Assert.That(export.Problem, Is.EqualTo("Error: NetworkManager is not running."));
        Assert.That(calls, Is.InRange(2, 5), "polled every 0.5 s");
        Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "gave up after its wait");
    }

    [Test]
    public void A_wifi_connection_is_recreated_with_each_value_its_own_argument()
    {
        var c = new WifiConnection { Name = "Home", Ssid = "Home Net", Security = "sae", Psk = "p; rm -rf /", Autoconnect = false, Ipv4Method = "manual", Ipv4Addresses = "10.0.0.5/24", Ipv4Gateway = "10.0.0.1" };
        Assert.That(NmcliWifiConnections.AddArguments(c), Is.EqualTo(new[]
        {
            "connection", "add", "type", "wifi", "con-name", "Home", "ssid", "Home Net", "connection.autoconnect", "no", "ipv4.method", "manual",
            "ipv4.addresses", "10.0.0.5/24", "ipv4.gateway", "10.0.0.1", "wifi-sec.key-mgmt", "sae", "wifi-sec.psk", "p; rm -rf /",
        }));
    }

    private sealed class RecordingWifi(IReadOnlyList<WifiConnection> saved) : IWifiConnections
    {
        public List<WifiConnection> Imported { get; } = [];

        public Task<WifiExport> ExportAsync(bool includeSecrets, CancellationToken cancellationToken) =>
            Task.FromResult(new WifiExport(includeSecrets ? saved : [.. saved.Select(c => c with { Psk = "" })], null));

        public Task<string?> ImportAsync(WifiConnection connection, CancellationToken cancellationToken)
        {
            Imported.Add(connection);
            return Task.FromResult<string?>(null);
        }
    }
}
