using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FbDisplay.Core.Alarms;
using FbDisplay.Services.Backup;
using FbDisplay.Services.Storage;
using FbDisplay.Settings;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Backup;

public class SettingsBackupTests
{
    private const string MqttPassword = "broker-secret-4711";
    private const string VncPassword = "vnc-secret-0815";
    private const string HomePsk = "correct horse battery staple";

    private static readonly Lazy<(string Cert, string Key)> Pair = new(() =>
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=display-a", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 cert = request.CreateSelfSigned(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return (cert.ExportCertificatePem(), rsa.ExportRSAPrivateKeyPem());
    });

    private static readonly WifiConnection Home = new()
    {
        Name = "Home", Ssid = "Home Network", Security = "wpa-psk", Psk = HomePsk, Ipv4Method = "manual",
        Ipv4Addresses = "192.168.1.72/24", Ipv4Gateway = "192.168.1.1", Ipv4Dns = "192.168.1.1,9.9.9.9",
    };

    private static readonly WifiConnection Shed = new() { Name = "Shed", Ssid = "shed-ap", Security = "", Autoconnect = false };

    private static readonly ManualTimeProvider Time = new(new DateTimeOffset(2026, 12, 3, 11, 40, 0, TimeSpan.Zero));

    /// <summary>Display A as an installer leaves it: limits, calibration, alarm thresholds, IDs, passwords, a relay, certificates, two networks.</summary>
    private static (TempDirectory Dir, FakeWifi Wifi) DisplayA()
    {
        var dir = new TempDirectory("display-a");
        var file = new SettingsFile(dir.Path, Time);
        file.Save(new Dictionary<string, string?>
        {
            [Catalog.Udp.Port.Key] = "6510",
            [Catalog.Display.TouchCalibration.Key] = "1.01;0;-4;0;0.99;3",
            [Catalog.Display.Brightness.Key] = "60",
            [Catalog.Alarms.For(AlarmKind.CellHigh).Threshold.Key] = "3.65",
            [Catalog.Alarms.For(AlarmKind.SocLow).Threshold.Key] = "15",
            [Catalog.Mqtt.Mode.Key] = "Sender",
            [Catalog.Mqtt.BmsId.Key] = "garage-bms",
            [Catalog.Mqtt.DisplayId.Key] = "kitchen-display",
            [Catalog.Mqtt.Password.Key] = MqttPassword,
            [Catalog.Vnc.Password.Key] = VncPassword,
            [Catalog.Controller.CapacityAh.Key] = "232",
        });

        // A relay whose alarm list is a JSON array, as an owner writes it by hand.
        JsonObject root = (JsonObject)JsonNode.Parse(File.ReadAllText(file.Path))!;
        root["Gpio"] = new JsonObject { ["Outputs"] = new JsonArray(new JsonObject { ["Pin"] = 17, ["Alarms"] = new JsonArray("cell_high", "soc_low") }) };
        File.WriteAllText(file.Path, root.ToJsonString());
        File.WriteAllText(dir.File("aws_url"), "a2718fm89xva84-ats.iot.us-east-1.amazonaws.com\n");
        File.WriteAllText(dir.File("aws_cert.pem.crt"), Pair.Value.Cert);
        File.WriteAllText(dir.File("aws_privkey.pem.key"), Pair.Value.Key);
        return (dir, new FakeWifi([Home, Shed]));
    }

    /// <summary>Display B, fresh from the box but already used a little: other settings, no certificates, no networks.</summary>
    private static (TempDirectory Dir, FakeWifi Wifi) DisplayB()
    {
        var dir = new TempDirectory("display-b");
        new SettingsFile(dir.Path, Time).Save(new Dictionary<string, string?>
        {
            [Catalog.Udp.Port.Key] = "6500",
            [Catalog.Display.Brightness.Key] = "100",
            [Catalog.Mqtt.DisplayId.Key] = "spare-display",
        });
        return (dir, new FakeWifi([]));
    }

    private static SettingsBackup Backup(TempDirectory dir, FakeWifi wifi) => new(dir.Path, Time, wifi, "1.2.3");

    private static Dictionary<string, string?> SettingsOf(TempDirectory dir) =>
        SettingsFile.Flatten(JsonNode.Parse(File.ReadAllText(dir.File(SettingsFile.FileName))))
            .Where(kv => kv.Key != Catalog.General.SchemaVersion.Key)
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    private static Dictionary<string, byte[]> Snapshot(TempDirectory dir) =>
        Directory.GetFiles(dir.Path).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllBytes(f));

    [Test]
    public async Task A_backup_saved_on_one_display_and_loaded_on_another_restores_every_item()
    {
        (TempDirectory a, FakeWifi aWifi) = DisplayA();
        (TempDirectory b, FakeWifi bWifi) = DisplayB();
        using var drive = new TempDirectory("battery");
        using (a)
        using (b)
        {
            BackupResult saved = await Backup(a, aWifi).SaveToAsync(new DirectoryDrive(drive.Path));
            Assert.That(saved.Outcome, Is.EqualTo(BackupOutcome.Saved), saved.Message);
            Assert.That(saved.Message, Is.EqualTo("Saved 14 settings, MQTT certificates, 2 Wi-Fi to BATTERY."));
            Assert.That(saved.Notes, Has.Some.Contains("keep the drive safe"));
            Assert.That(Directory.GetFiles(drive.Path).Select(Path.GetFileName), Is.EqualTo(new[] { SettingsBackup.FileName }), "no temporary file stays");
            Assert.That(aWifi.ExportedWithSecrets, Is.True, "the USB file asks NetworkManager for the keys");

            BackupResult restored = await Backup(b, bWifi).LoadFromAsync(new DirectoryDrive(drive.Path));
            Assert.That(restored.Outcome, Is.EqualTo(BackupOutcome.Restored), restored.Message);
            Assert.That(restored.Message, Is.EqualTo("Restored 14 settings, MQTT certificates, 2 Wi-Fi. RESTART to apply."));
            Assert.That(restored.Notes, Is.EqualTo(new[] { $"Backup of {Environment.MachineName}, 2026-12-03 11:40 UTC, FbDisplay 1.2.3." }));

            Dictionary<string, string?> expected = SettingsOf(a);
            Assert.That(SettingsOf(b), Is.EquivalentTo(expected), "every setting, the secrets, the calibration, the thresholds, the ids and the relay list");
            Assert.That(expected[Catalog.Mqtt.Password.Key], Is.EqualTo(MqttPassword));
            Assert.That(expected["Gpio:Outputs:0:Alarms:1"], Is.EqualTo("soc_low"));
            foreach (string name in new[] { "aws_url", "aws_cert.pem.crt", "aws_privkey.pem.key" })
            {
                Assert.That(File.ReadAllBytes(b.File(name)), Is.EqualTo(File.ReadAllBytes(a.File(name))), name);
            }

            Assert.That(File.GetUnixFileMode(b.File("aws_privkey.pem.key")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(bWifi.Imported, Is.EqualTo(new[] { Home, Shed }));

            // The restored file is read as any settings.json: nothing ignored, nothing unknown.
            var problems = new SettingsProblems();
            var reader = new SettingsReader(SettingsFile.Flatten(new SettingsFile(b.Path, Time).LoadOrRecover()), problems);
            reader.ReportUnknownKeys();
            Assert.That(reader.Get(Catalog.Alarms.For(AlarmKind.CellHigh).Threshold), Is.EqualTo(3.65).Within(1e-9));
            Assert.That(reader.Get(Catalog.Udp.Port), Is.EqualTo(6510));
            Assert.That(problems.Count, Is.Zero, string.Join("\n", problems.Messages));
        }
    }

    [Test]
    public async Task The_file_says_what_it_is_and_when_it_was_made()
    {
        (TempDirectory a, FakeWifi aWifi) = DisplayA();
        using (a)
        {
            (BackupDocument doc, IReadOnlyList<string> leftOut) = await Backup(a, aWifi).CreateAsync(includeSecrets: true);
            byte[] bytes = SettingsBackup.Serialize(doc);
            using JsonDocument json = JsonDocument.Parse(bytes);
            JsonElement root = json.RootElement;
            Assert.That(root.GetProperty("format").GetString(), Is.EqualTo("fbdisplay-settings-backup"));
            Assert.That(root.GetProperty("version").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("product").GetString(), Is.EqualTo("FbDisplay"));
            Assert.That(root.GetProperty("softwareVersion").GetString(), Is.EqualTo("1.2.3"));
            Assert.That(root.GetProperty("created").GetDateTimeOffset(), Is.EqualTo(Time.GetUtcNow()));
            Assert.That(root.GetProperty("settings").GetProperty("Udp:Port").GetString(), Is.EqualTo("6510"));
            Assert.That(root.TryGetProperty("omitted", out _), Is.False, "a USB backup with every key leaves nothing out");
            Assert.That(leftOut, Is.Empty);
        }
    }

    [Test]
    public async Task The_web_download_holds_no_secret_and_names_each_one_it_left_out()
    {
        (TempDirectory a, FakeWifi aWifi) = DisplayA();
        using (a)
        {
            byte[] bytes = await Backup(a, aWifi).DownloadAsync();
            string text = Encoding.UTF8.GetString(bytes);
            Assert.That(aWifi.ExportedWithSecrets, Is.False, "the web download never asks NetworkManager for keys");
            Assert.That(text, Does.Not.Contain(MqttPassword).And.Not.Contain(VncPassword).And.Not.Contain(HomePsk));
            Assert.That(text, Does.Not.Contain("PRIVATE KEY"));
            Assert.That(text, Does.Contain("garage-bms"), "the rest is there");
            using JsonDocument json = JsonDocument.Parse(bytes);
            JsonElement omitted = json.RootElement.GetProperty("omitted");
            Assert.That(omitted.GetProperty("reason").GetString(), Does.Contain("left out"));
            Assert.That(omitted.GetProperty("settings").EnumerateArray().Select(e => e.GetString()),
                Is.EquivalentTo(new[] { Catalog.Mqtt.Password.Key, Catalog.Vnc.Password.Key }));
            Assert.That(omitted.GetProperty("files").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "aws_privkey.pem.key" }));
            Assert.That(omitted.GetProperty("wifiKeys").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "Home" }));
        }
    }

    [Test]
    public async Task A_web_download_loaded_on_another_display_restores_the_rest_and_keeps_that_displays_own_secrets()
    {
        (TempDirectory a, FakeWifi aWifi) = DisplayA();
        (TempDirectory b, FakeWifi bWifi) = DisplayB();
        using (a)
        using (b)
        {
            new SettingsFile(b.Path, Time).Save([new(Catalog.Mqtt.Password.Key, "b-own-password")]);
            byte[] download = await Backup(a, aWifi).DownloadAsync();
            BackupResult r = await Backup(b, bWifi).RestoreAsync(download);
            Assert.That(r.Outcome, Is.EqualTo(BackupOutcome.Restored), r.Message);
            Dictionary<string, string?> settings = SettingsOf(b);
            Assert.That(settings[Catalog.Mqtt.BmsId.Key], Is.EqualTo("garage-bms"));
            Assert.That(settings[Catalog.Mqtt.Password.Key], Is.EqualTo("b-own-password"));
            Assert.That(settings.ContainsKey(Catalog.Vnc.Password.Key), Is.False);
            Assert.That(File.Exists(b.File("aws_cert.pem.crt")), Is.False, "a certificate without its key is not installed");
            Assert.That(bWifi.Imported, Is.EqualTo(new[] { Shed }), "the open network only: Home's key is not in the file");
            Assert.That(r.Notes, Has.Some.Contains("no aws_privkey.pem.key").And.Some.Contains("Wi-Fi Home not restored"));
        }
    }

    private static IEnumerable<TestCaseData> RefusedFiles()
    {
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["version"] = 2; return Bytes(d); }), "newer FbDisplay (format 2").SetName("A newer format version is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => Bytes(d)[..^40]), "not JSON").SetName("A cut-off file is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["format"] = "something-else"; return Bytes(d); }), "not an FbDisplay settings backup").SetName("Another kind of file is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["settingsSchema"] = 99; return Bytes(d); }), "schema 99").SetName("Settings of a newer schema are refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["settings"]!["Udp:Port"] = "99999"; return Bytes(d); }), "Udp:Port '99999' is not").SetName("A setting out of range is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["settings"]!["Mqtt:Password"] = "a\u0001b"; return Bytes(d); }), "Mqtt:Password is not").SetName("A bad secret is refused without echoing it");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["settings"]!["Udp:Prot"] = "6500"; return Bytes(d); }), "did you mean Udp:Port").SetName("An unknown setting is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["settings"]!["DataDir"] = "/tmp"; return Bytes(d); }), "belongs to the display itself").SetName("The data directory is not restorable");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["files"]!["aws_cert.pem.crt"] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"; return Bytes(d); }), "aws_cert.pem.crt").SetName("A damaged certificate is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["files"]!.AsObject().Remove("aws_privkey.pem.key"); return Bytes(d); }), "lack aws_privkey.pem.key").SetName("A certificate set without its key is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["files"]!["id_rsa"] = "x"; return Bytes(d); }), "a file named 'id_rsa'").SetName("A file other than the MQTT files is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["wifi"]![0]!["psk"] = "short"; return Bytes(d); }), "Wi-Fi Home: the key").SetName("A Wi-Fi key that cannot be one is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["wifi"]![0]!["ipv4Addresses"] = "192.168.1.300/24"; return Bytes(d); }), "CIDR").SetName("A bad static address is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["extra"] = 1; return Bytes(d); }), "damaged").SetName("A member this version does not know is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => Encoding.UTF8.GetBytes(d.ToJsonString().Replace("\"settings\":{", "\"settings\":{\"udp:port\":\"6502\",", StringComparison.Ordinal))), "appears twice").SetName("A setting given twice is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => [.. Bytes(d).Select(b => b == (byte)'g' ? (byte)0xC3 : b)]), "not UTF-8").SetName("A file that is not UTF-8 is refused");
        yield return new TestCaseData((Func<JsonObject, byte[]>)(d => { d["settings"]!["Pad:0"] = new string('x', SettingsBackup.MaxFileBytes); return Bytes(d); }), "at most").SetName("An oversized file is refused");
    }

    private static byte[] Bytes(JsonObject d) => Encoding.UTF8.GetBytes(d.ToJsonString());

    [TestCaseSource(nameof(RefusedFiles))]
    public async Task A_refused_file_leaves_the_other_display_untouched(Func<JsonObject, byte[]> spoil, string reason)
    {
        (TempDirectory a, FakeWifi aWifi) = DisplayA();
        (TempDirectory b, FakeWifi bWifi) = DisplayB();
        using var drive = new TempDirectory("battery");
        using (a)
        using (b)
        {
            Assert.That((await Backup(a, aWifi).SaveToAsync(new DirectoryDrive(drive.Path))).Ok, Is.True);
            string path = Path.Combine(drive.Path, SettingsBackup.FileName);
            File.WriteAllBytes(path, spoil((JsonObject)JsonNode.Parse(File.ReadAllBytes(path))!));
            Dictionary<string, byte[]> before = Snapshot(b);

            BackupResult r = await Backup(b, bWifi).LoadFromAsync(new DirectoryDrive(drive.Path));
            Assert.That(r.Outcome, Is.EqualTo(BackupOutcome.Refused), r.Message);
            Assert.That(r.Message, Does.Contain(reason).And.EndsWith("Nothing was changed."));
            Assert.That(r.Message, Does.Not.Contain("a\u0001b"));
            Assert.That(Snapshot(b), Is.EqualTo(before), "not one file of display B changed");
            Assert.That(bWifi.Imported, Is.Empty, "no Wi-Fi connection was made");
        }
    }

    [Test]
    public async Task No_drive_and_a_drive_without_a_backup_each_say_so_and_change_nothing()
    {
        (TempDirectory b, FakeWifi bWifi) = DisplayB();
        using var drive = new TempDirectory("battery");
        using (b)
        {
            Dictionary<string, byte[]> before = Snapshot(b);
            BackupResult none = await Backup(b, bWifi).LoadFromAsync(new DirectoryDrive(drive.File("missing")));
            Assert.That(none.Outcome, Is.EqualTo(BackupOutcome.NoDrive));
            BackupResult empty = await Backup(b, bWifi).LoadFromAsync(new DirectoryDrive(drive.Path));
            Assert.That(empty.Outcome, Is.EqualTo(BackupOutcome.NoFile));
            Assert.That(empty.Message, Is.EqualTo("The BATTERY drive holds no fbdisplay-backup.json."));
            Assert.That(Snapshot(b), Is.EqualTo(before));
        }
    }

    [Test]
    public async Task A_name_in_capitals_as_another_computer_wrote_it_is_found()
    {
        (TempDirectory a, FakeWifi aWifi) = DisplayA();
        (TempDirectory b, FakeWifi bWifi) = DisplayB();
        using var drive = new TempDirectory("battery");
        using (a)
        using (b)
        {
            Assert.That((await Backup(a, aWifi).SaveToAsync(new DirectoryDrive(drive.Path))).Ok, Is.True);
            File.Move(Path.Combine(drive.Path, SettingsBackup.FileName), Path.Combine(drive.Path, "FBDISPLAY-BACKUP.JSON"));
            BackupResult r = await Backup(b, bWifi).LoadFromAsync(new DirectoryDrive(drive.Path));
            Assert.That(r.Outcome, Is.EqualTo(BackupOutcome.Restored), r.Message);
        }
    }

    [Test]
    public async Task Keys_NetworkManager_does_not_give_are_named_and_their_networks_not_restored()
    {
        (TempDirectory a, _) = DisplayA();
        (TempDirectory b, FakeWifi bWifi) = DisplayB();
        using var drive = new TempDirectory("battery");
        using (a)
        using (b)
        {
            var refusing = new FakeWifi([Home, Shed]) { GivesKeys = false };
            BackupResult saved = await Backup(a, refusing).SaveToAsync(new DirectoryDrive(drive.Path));
            Assert.That(saved.Notes, Has.Some.Contains("the key of Wi-Fi Home"));
            BackupResult r = await Backup(b, bWifi).LoadFromAsync(new DirectoryDrive(drive.Path));
            Assert.That(r.Outcome, Is.EqualTo(BackupOutcome.Restored), r.Message);
            Assert.That(bWifi.Imported, Is.EqualTo(new[] { Shed }));
            Assert.That(r.Notes, Has.Some.Contains("Wi-Fi Home not restored"));
        }
    }

    [Test]
    public async Task A_Wi_Fi_connection_NetworkManager_refuses_is_reported_and_the_rest_restored()
    {
        (TempDirectory a, FakeWifi aWifi) = DisplayA();
        (TempDirectory b, _) = DisplayB();
        using (a)
        using (b)
        {
            (BackupDocument doc, _) = await Backup(a, aWifi).CreateAsync(includeSecrets: true);
            var failing = new FakeWifi([]) { ImportProblem = "Error: failed to modify connection." };
            BackupResult r = await Backup(b, failing).RestoreAsync(SettingsBackup.Serialize(doc));
            Assert.That(r.Outcome, Is.EqualTo(BackupOutcome.Restored));
            Assert.That(r.Message, Is.EqualTo("Restored 14 settings, MQTT certificates, 0 Wi-Fi; 2 not. RESTART to apply."));
            Assert.That(SettingsOf(b)[Catalog.Mqtt.BmsId.Key], Is.EqualTo("garage-bms"));
        }
    }

    /// <summary>NetworkManager as the backup sees it: records what it was asked.</summary>
    private sealed class FakeWifi(IReadOnlyList<WifiConnection> saved) : IWifiConnections
    {
        public bool GivesKeys { get; init; } = true;

        public string? ImportProblem { get; init; }

        public bool? ExportedWithSecrets { get; private set; }

        public List<WifiConnection> Imported { get; } = [];

        public Task<WifiExport> ExportAsync(bool includeSecrets, CancellationToken cancellationToken)
        {
            ExportedWithSecrets = includeSecrets;
            return Task.FromResult(new WifiExport([.. saved.Select(c => includeSecrets && GivesKeys ? c : c with { Psk = "" })], null));
        }

        public Task<string?> ImportAsync(WifiConnection connection, CancellationToken cancellationToken)
        {
            if (ImportProblem is null)
            {
                Imported.Add(connection);
            }

            return Task.FromResult(ImportProblem);
        }
    }
}
