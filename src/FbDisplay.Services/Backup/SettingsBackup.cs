using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FbDisplay.Core.Text;
using FbDisplay.Services.Mqtt;
using FbDisplay.Services.Storage;
using FbDisplay.Settings;

namespace FbDisplay.Services.Backup;

/// <summary>How a save or a restore ended.</summary>
public enum BackupOutcome
{
    Saved,
    Restored,

    /// <summary>No drive (or it could not be mounted): nothing was done.</summary>
    NoDrive,

    /// <summary>The drive holds no backup file.</summary>
    NoFile,

    /// <summary>The file failed a check: nothing was changed.</summary>
    Refused,

    /// <summary>Writing failed part-way (a full or read-only drive, a data directory that cannot be written).</summary>
    Failed,
}

/// <summary>The outcome, a short message for the screen, and what the journal should hear besides (items left out, Wi-Fi not restored).</summary>
public sealed record BackupResult(BackupOutcome Outcome, Say Words, IReadOnlyList<string> Notes)
{
    /// <summary>The English words (the journal).</summary>
    public string Message => Words.English;

    public bool Ok => Outcome is BackupOutcome.Saved or BackupOutcome.Restored;
}

/// <summary>
/// SAVE SETTINGS TO USB and LOAD SETTINGS FROM USB: settings.json, the MQTT certificate files and the saved Wi-Fi
/// connections in one versioned file, <see cref="FileName"/>, on the BATTERY drive (written atomically), and the same
/// without its secrets for the web page. A file is checked whole (format and version, every setting through the
/// catalogue, the certificates as a usable set, the Wi-Fi entries, sizes) before anything is written; a refused file
/// leaves the display as it was. Call off the UI thread: it mounts drives, runs nmcli and writes files.
/// </summary>
public sealed class SettingsBackup
{
    public const string FileName = "fbdisplay-backup.json";
    public const string FormatName = "fbdisplay-settings-backup";
    public const string ProductName = "FbDisplay";
    public const int FormatVersion = 1;

    /// <summary>Bounds on what a file may hold; a real backup is a few KiB.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    public const int MaxSettings = 4096;
    public const int MaxWifi = 32;

    private const string WebReason = "Downloaded from the web page: passwords, Wi-Fi keys and the MQTT private key are left out.";
    private const string NoKeyReason = "NetworkManager did not give some Wi-Fi keys.";

    private readonly string _dataDirectory;
    private readonly TimeProvider _time;
    private readonly IWifiConnections? _wifi;
    private readonly string _softwareVersion;

    /// <param name="wifi">Null: no Wi-Fi section (no NetworkManager).</param>
    public SettingsBackup(string dataDirectory, TimeProvider time, IWifiConnections? wifi, string softwareVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        ArgumentNullException.ThrowIfNull(time);
        _dataDirectory = dataDirectory;
        _time = time;
        _wifi = wifi;
        _softwareVersion = softwareVersion;
    }

    /// <summary>True for the first start's restore, which the settings are read after: the message says so instead of asking for a restart.</summary>
    public bool BeforeStart { get; init; }

    private string SettingsPath => Path.Combine(_dataDirectory, SettingsFile.FileName);

    /// <summary>The display's backup now, with or without its secrets, and what could not go in (each said once).</summary>
    public async Task<(BackupDocument Document, IReadOnlyList<string> LeftOut)> CreateAsync(bool includeSecrets, CancellationToken cancellationToken = default)
    {
        var leftOut = new List<string>();
        var omitted = new BackupOmissions { Reason = includeSecrets ? NoKeyReason : WebReason, Settings = [], Files = [], WifiKeys = [] };
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in ReadSettingsFile(leftOut))
        {
            Setting? setting = Catalog.Find(key);
            if (IsLocal(key))
            {
                continue;
            }

            if (setting is null ? !Catalog.IsListItem(key) || !IsListItemValue(value) : !setting.TryNormalize(value, out _))
            {
                leftOut.Add($"{key} (not a valid setting here)");
            }
            else if (setting is { IsSecret: true } && !includeSecrets)
            {
                if (value.Length > 0)
                {
                    omitted.Settings.Add(key);
                }
            }
            else
            {
                settings[key] = setting is not null && setting.TryNormalize(value, out string? normalized) ? normalized : value;
            }
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in CertificateImport.AllFiles)
        {
            string path = Path.Combine(_dataDirectory, name);
            if (!File.Exists(path))
            {
                continue;
            }

            if (name == MqttOptions.KeyFileName && !includeSecrets)
            {
                omitted.Files.Add(name);
                continue;
            }

            try
            {
                if (new FileInfo(path).Length > CertificateImport.MaxFileBytes)
                {
                    leftOut.Add($"{name} (larger than a certificate file)");
                    continue;
                }

                files[name] = File.ReadAllText(path, Encoding.UTF8);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                leftOut.Add($"{name} ({e.Message})");
            }
        }

        var wifi = new List<WifiConnection>();
        if (_wifi is not null)
        {
            WifiExport export = await _wifi.ExportAsync(includeSecrets, cancellationToken).ConfigureAwait(false);
            if (export.Problem is { } problem)
            {
                leftOut.Add("Wi-Fi: " + problem);
            }

            foreach (WifiConnection c in export.Connections.Take(MaxWifi))
            {
                if (c.Security.Length > 0 && c.Psk.Length == 0)
                {
                    omitted.WifiKeys.Add(c.Name);
                    if (includeSecrets)
                    {
                        leftOut.Add($"the key of Wi-Fi {c.Name} (NetworkManager did not give it)");
                    }
                }

                wifi.Add(c);
            }
        }

        var document = new BackupDocument
        {
            Format = FormatName,
            Version = FormatVersion,
            Product = ProductName,
            SoftwareVersion = _softwareVersion,
            Created = _time.GetUtcNow(),
            Source = Environment.MachineName,
            SettingsSchema = SettingsMigration.Current.SchemaVersion,
            Settings = settings,
            Files = files,
            Wifi = wifi,
            Omitted = !includeSecrets || omitted.WifiKeys.Count > 0 ? omitted : null,
        };
        return (document, leftOut);
    }

    public static byte[] Serialize(BackupDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, BackupJson.Default.BackupDocument);

    /// <summary>The web page's download: the backup without its secrets, which it names.</summary>
    public async Task<byte[]> DownloadAsync(CancellationToken cancellationToken = default)
    {
        (BackupDocument document, _) = await CreateAsync(includeSecrets: false, cancellationToken).ConfigureAwait(false);
        return Serialize(document);
    }

    /// <summary>SAVE SETTINGS TO USB: the whole backup, secrets included, written atomically onto the drive's root.</summary>
    public async Task<BackupResult> SaveToAsync(IRemovableDrive drive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drive);
        (BackupDocument document, IReadOnlyList<string> leftOut) = await CreateAsync(includeSecrets: true, cancellationToken).ConfigureAwait(false);
        byte[] bytes = Serialize(document);
        Say? writeProblem = null;
        DriveUseResult use = await drive.UseAsync(writable: true, (root, _) =>
        {
            try
            {
                AtomicFile.WriteAllBytes(Path.Combine(root, FileName), bytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                writeProblem = e.HResult == 30 || e is UnauthorizedAccessException || e.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase)
                    ? Say.Of(Tx.DriveReadOnly)
                    : e.HResult == 28 || e.Message.Contains("No space", StringComparison.OrdinalIgnoreCase)
                        ? Say.Of(Tx.DriveFull)
                        : Say.Of(Tx.BackupWritingFailed, FileName, e.Message);
            }

            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        if (!use.Ok)
        {
            return new BackupResult(BackupOutcome.NoDrive, DriveWords.Of(use), []);
        }

        if (writeProblem is not null)
        {
            return new BackupResult(BackupOutcome.Failed, writeProblem, []);
        }

        // The screen's toast holds one line: the counts there, the rest in the journal.
        Say what = Describe(document.Settings?.Count ?? 0, document.Files?.ContainsKey(MqttOptions.CertificateFileName) == true, document.Wifi?.Count ?? 0);
        Say message = leftOut.Count == 0 ? Say.Of(Tx.BackupSaved, what) : Say.Of(Tx.BackupSavedLeftOut, what, leftOut.Count);
        return new BackupResult(BackupOutcome.Saved, message,
            [$"{FileName} on BATTERY holds the passwords and keys: keep the drive safe.", .. leftOut.Select(l => "Left out of the backup: " + l)]);
    }

    /// <summary>LOAD SETTINGS FROM USB (and the first start's restore): finds the file on the drive and restores it.</summary>
    public async Task<BackupResult> LoadFromAsync(IRemovableDrive drive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drive);
        byte[]? bytes = null;
        Say? readProblem = null;
        bool found = false;
        DriveUseResult use = await drive.UseAsync(writable: false, (root, _) =>
        {
            try
            {
                // FAT keeps the case another computer wrote: match the name case-insensitively.
                string? path = Directory.EnumerateFiles(root).FirstOrDefault(f => string.Equals(Path.GetFileName(f), FileName, StringComparison.OrdinalIgnoreCase));
                if (path is null)
                {
                    return Task.CompletedTask;
                }

                found = true;
                long length = new FileInfo(path).Length;
                if (length > MaxFileBytes)
                {
                    readProblem = Say.Of(Tx.BackupTooBig, length);
                    return Task.CompletedTask;
                }

                bytes = File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                readProblem = Say.Of(Tx.BackupUnreadable, FileName, e.Message);
            }

            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        if (!use.Ok)
        {
            return new BackupResult(BackupOutcome.NoDrive, DriveWords.Of(use), []);
        }

        if (!found)
        {
            return new BackupResult(BackupOutcome.NoFile, Say.Of(Tx.BackupNoFile, FileName), []);
        }

        return readProblem is not null || bytes is null
            ? new BackupResult(BackupOutcome.Refused, readProblem ?? Say.Of(Tx.BackupNothingRead), [])
            : await RestoreAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks <paramref name="bytes"/> whole and, only when every check passes, makes this display's settings, certificates and Wi-Fi those of the file.</summary>
    public async Task<BackupResult> RestoreAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        BackupCheck check = BackupCheck.Run(bytes);
        if (check.Problem is { } problem)
        {
            return new BackupResult(BackupOutcome.Refused, Say.Of(Tx.BackupRefused, problem), []);
        }

        BackupDocument d = check.Document!;
        var notes = new List<string>(check.Notes);
        string from = $"Backup of {d.Source ?? "a display"}, {d.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, FbDisplay {d.SoftwareVersion}.";
        JsonObject settings = check.Settings!;
        try
        {
            KeepOmittedSecrets(settings, d.Omitted?.Settings);
            foreach ((string name, byte[] content) in check.Files)
            {
                string target = Path.Combine(_dataDirectory, name);
                if (!File.Exists(target) || !File.ReadAllBytes(target).AsSpan().SequenceEqual(content))
                {
                    CertificateImport.Install(_dataDirectory, name, content);
                }
            }

            settings[SettingsMigration.SchemaKey] = SettingsMigration.Current.SchemaVersion;
            AtomicFile.WriteAllText(SettingsPath, settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new BackupResult(BackupOutcome.Failed, Say.Of(Tx.BackupRestoreFailed, e.Message), [from, .. notes]);
        }

        int wifiRestored = 0;
        foreach (WifiConnection connection in check.Wifi)
        {
            string? wifiProblem = _wifi is null ? "no NetworkManager on this display" : await _wifi.ImportAsync(connection, cancellationToken).ConfigureAwait(false);
            if (wifiProblem is null)
            {
                wifiRestored++;
            }
            else
            {
                notes.Add($"Wi-Fi {connection.Name} not restored: {wifiProblem}");
            }
        }

        Say what = Describe(check.SettingsCount, check.Files.Count > 0, wifiRestored);
        Say message = notes.Count == 0
            ? Say.Of(BeforeStart ? Tx.BackupRestoredNow : Tx.BackupRestoredRestart, what)
            : Say.Of(BeforeStart ? Tx.BackupRestoredSomeNow : Tx.BackupRestoredSomeRestart, what, notes.Count);
        return new BackupResult(BackupOutcome.Restored, message, [from, .. notes]);
    }

    /// <summary>Keys that belong to this machine, not to its owner's settings: never saved, never restored.</summary>
    internal static bool IsLocal(string key) =>
        string.Equals(key, Catalog.General.DataDir.Key, StringComparison.OrdinalIgnoreCase)
        || string.Equals(key, Catalog.General.SchemaVersion.Key, StringComparison.OrdinalIgnoreCase);

    internal static bool IsListItemValue(string value) => value.Length <= 1024 && !value.Any(char.IsControl);

    private static Say Describe(int settings, bool certificates, int wifi) => (settings == 1, certificates) switch
    {
        (true, false) => Say.Of(Tx.BackupWhatOne, wifi),
        (true, true) => Say.Of(Tx.BackupWhatOneCertificates, wifi),
        (false, false) => Say.Of(Tx.BackupWhat, settings, wifi),
        (false, true) => Say.Of(Tx.BackupWhatCertificates, settings, wifi),
    };

    /// <summary>settings.json as flat pairs, read without side effects (a broken file is reported, not moved).</summary>
    private List<KeyValuePair<string, string>> ReadSettingsFile(List<string> leftOut)
    {
        if (!File.Exists(SettingsPath))
        {
            return [];
        }

        try
        {
            JsonNode? root = JsonNode.Parse(File.ReadAllBytes(SettingsPath), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return [.. SettingsFile.Flatten(root).Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value ?? ""))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidOperationException)
        {
            leftOut.Add($"{SettingsFile.FileName} ({e.Message})");
            return [];
        }
    }

    /// <summary>A web download has no secrets: the values this display has for them stay.</summary>
    private void KeepOmittedSecrets(JsonObject settings, List<string>? omitted)
    {
        if (omitted is null || omitted.Count == 0)
        {
            return;
        }

        var current = new Dictionary<string, string>(ReadSettingsFile([]), StringComparer.OrdinalIgnoreCase);
        foreach (string key in omitted)
        {
            if (Catalog.Find(key) is { IsSecret: true } && current.TryGetValue(key, out string? value))
            {
                _ = BackupCheck.TryPut(settings, key, value);
            }
        }
    }
}
