using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FbDisplay.Services.Mqtt;
using FbDisplay.Services.Storage;
using FbDisplay.Settings;

namespace FbDisplay.Services.Backup;

/// <summary>
/// Everything a backup file must pass before any of it is applied, and what it then applies: settings.json as it will
/// be written (migrated to this version's schema, every value normalised by the catalogue), the certificate files, the
/// Wi-Fi connections. Touches no file.
/// </summary>
internal sealed class BackupCheck
{
    private BackupCheck(string? problem) => Problem = problem;

    /// <summary>Why the file is refused (one sentence), or null.</summary>
    public string? Problem { get; }

    public BackupDocument? Document { get; private init; }

    /// <summary>settings.json as it will be written.</summary>
    public JsonObject? Settings { get; private init; }

    public int SettingsCount { get; private init; }

    public IReadOnlyDictionary<string, byte[]> Files { get; private init; } = new Dictionary<string, byte[]>();

    public IReadOnlyList<WifiConnection> Wifi { get; private init; } = [];

    /// <summary>Items the file has but that are not restored (a web download's certificates without their key).</summary>
    public IReadOnlyList<string> Notes { get; private init; } = [];

    public static BackupCheck Run(byte[] bytes)
    {
        if (bytes.Length > SettingsBackup.MaxFileBytes)
        {
            return Refuse($"too big ({bytes.Length:N0} bytes; at most 1 MiB).");
        }

        // JSON is UTF-8; a string that is not would throw when read as text, after the checks.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Refuse("not UTF-8 text.");
        }

        if (Header(bytes) is { } headerProblem)
        {
            return Refuse(headerProblem);
        }

        BackupDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, BackupJson.Default.BackupDocument);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return Refuse($"damaged ({e.Message}).");
        }

        if (document is null)
        {
            return Refuse("empty.");
        }

        int schema = SettingsMigration.Current.SchemaVersion;
        if (document.SettingsSchema > schema)
        {
            return Refuse($"settings of a newer FbDisplay (schema {document.SettingsSchema}, this one reads {schema}): update this one first.");
        }

        if (document.SettingsSchema < 1)
        {
            return Refuse("no settings schema.");
        }

        var notes = new List<string>();
        if (CheckSettings(document, out JsonObject? settings, out int count) is { } settingsProblem)
        {
            return Refuse(settingsProblem);
        }

        if (CheckFiles(document, notes, out Dictionary<string, byte[]> files) is { } filesProblem)
        {
            return Refuse(filesProblem);
        }

        if (CheckWifi(document, notes, out List<WifiConnection> wifi) is { } wifiProblem)
        {
            return Refuse(wifiProblem);
        }

        return new BackupCheck(null) { Document = document, Settings = settings, SettingsCount = count, Files = files, Wifi = wifi, Notes = notes };
    }

    /// <summary>Sets "Section:Key" in the nested document; false when the path runs through a value or a value would replace a section.</summary>
    public static bool TryPut(JsonObject root, string key, string value)
    {
        string[] parts = key.Split(':');
        JsonObject node = root;
        for (int i = 0; i < parts.Length - 1; i++)
        {
            if (!node.TryGetPropertyValue(parts[i], out JsonNode? child))
            {
                child = new JsonObject();
                node[parts[i]] = child;
            }

            if (child is not JsonObject o)
            {
                return false;
            }

            node = o;
        }

        if (node[parts[^1]] is JsonObject)
        {
            return false;
        }

        node[parts[^1]] = value;
        return true;
    }

    private static BackupCheck Refuse(string problem) => new(problem);

    /// <summary>What the file says it is, read before the strict parse so a newer format is named as such.</summary>
    private static string? Header(byte[] bytes)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out JsonElement format) || format.ValueKind != JsonValueKind.String
                || format.GetString() != SettingsBackup.FormatName)
            {
                return "not an FbDisplay settings backup.";
            }

            if (!root.TryGetProperty("version", out JsonElement version) || !version.TryGetInt32(out int v))
            {
                return "no format version.";
            }

            if (v > SettingsBackup.FormatVersion)
            {
                return $"made by a newer FbDisplay (format {v}, this one reads {SettingsBackup.FormatVersion}): update this one first.";
            }

            if (v != SettingsBackup.FormatVersion)
            {
                return $"format version {v} is unknown.";
            }

            return root.TryGetProperty("product", out JsonElement product) && product.ValueKind == JsonValueKind.String && product.GetString() == SettingsBackup.ProductName
                ? null
                : "made for another product.";
        }
        catch (JsonException e)
        {
            return $"not JSON ({e.Message}).";
        }
    }

    private static string? CheckSettings(BackupDocument document, out JsonObject? settings, out int count)
    {
        settings = null;
        count = 0;
        Dictionary<string, string> given = document.Settings ?? [];
        if (given.Count > SettingsBackup.MaxSettings)
        {
            return $"{given.Count} settings; at most {SettingsBackup.MaxSettings}.";
        }

        // Nest, migrate to this version's schema, then check each value as it will be read.
        var raw = new JsonObject();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string key, string value) in given)
        {
            if (!seen.Add(key))
            {
                return $"{key} appears twice.";
            }

            if (key.Length == 0 || key.Split(':').Any(p => p.Length == 0) || !TryPut(raw, key, value ?? ""))
            {
                return $"'{Shorten(key)}' is not a settings key.";
            }
        }

        raw[SettingsMigration.SchemaKey] = document.SettingsSchema;
        _ = SettingsMigration.Current.Migrate(raw);
        var result = new JsonObject();
        foreach ((string key, string? value) in SettingsFile.Flatten(raw))
        {
            if (string.Equals(key, SettingsMigration.SchemaKey, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            string text = value ?? "";
            Setting? setting = Catalog.Find(key);
            if (SettingsBackup.IsLocal(key))
            {
                return $"{key} belongs to the display itself, not to a backup.";
            }

            string? normalized = text;
            if (setting is null && !Catalog.IsListItem(key))
            {
                string? near = Catalog.Nearest(key);
                return near is null ? $"{Shorten(key)} is not a setting." : $"{Shorten(key)} is not a setting (did you mean {near}?).";
            }

            if (setting is null ? !SettingsBackup.IsListItemValue(text) : !setting.TryNormalize(text, out normalized))
            {
                string shown = setting is { IsSecret: true } ? "" : $" '{Shorten(text)}'";
                return $"{key}{shown} is not {setting?.Expectation ?? "a list item"}.";
            }

            _ = TryPut(result, key, normalized!);
            count++;
        }

        settings = result;
        return null;
    }

    private static string? CheckFiles(BackupDocument document, List<string> notes, out Dictionary<string, byte[]> files)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        files = found;
        Dictionary<string, string> given = document.Files ?? [];
        foreach ((string name, string text) in given)
        {
            if (!CertificateImport.AllFiles.Contains(name))
            {
                return $"a file named '{Shorten(name)}'; a backup holds only {string.Join(", ", CertificateImport.AllFiles)}.";
            }

            byte[] content = Encoding.UTF8.GetBytes(text ?? "");
            if (content.Length > CertificateImport.MaxFileBytes)
            {
                return $"{name} is {content.Length:N0} bytes; that is not a certificate file.";
            }

            files[name] = content;
        }

        if (files.Count == 0)
        {
            return null;
        }

        string[] missing = [.. CertificateImport.Required.Where(n => !found.ContainsKey(n))];
        bool keyLeftOut = document.Omitted?.Files?.Contains(MqttOptions.KeyFileName) == true;
        if (missing is [MqttOptions.KeyFileName] && keyLeftOut)
        {
            // A web download: the certificate must still be one, but without its key it cannot be installed.
            try
            {
                using X509Certificate2 cert = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(files[MqttOptions.CertificateFileName]));
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                return $"{MqttOptions.CertificateFileName} is damaged ({e.Message.TrimEnd('.')}).";
            }

            notes.Add($"MQTT certificates not restored: the file has no {MqttOptions.KeyFileName} (a web download).");
            files.Clear();
            return null;
        }

        if (missing.Length > 0)
        {
            return $"the MQTT files lack {string.Join(", ", missing)}.";
        }

        return CertificateImport.Validate(files) is { } problem ? problem.TrimEnd('.') + "." : null;
    }

    private static string? CheckWifi(BackupDocument document, List<string> notes, out List<WifiConnection> wifi)
    {
        wifi = [];
        List<WifiConnection> given = document.Wifi ?? [];
        if (given.Count > SettingsBackup.MaxWifi)
        {
            return $"{given.Count} Wi-Fi connections; at most {SettingsBackup.MaxWifi}.";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        List<string> keysLeftOut = document.Omitted?.WifiKeys ?? [];
        foreach (WifiConnection? c in given)
        {
            if (c is null)
            {
                return "a Wi-Fi entry is empty.";
            }

            if (WifiProblem(c, keysLeftOut.Contains(c.Name)) is { } problem)
            {
                return $"Wi-Fi {Shorten(c.Name ?? "")}: {problem}";
            }

            if (!names.Add(c.Name))
            {
                return $"Wi-Fi {c.Name} appears twice.";
            }

            if (c.Security.Length > 0 && c.Psk.Length == 0)
            {
                notes.Add($"Wi-Fi {c.Name} not restored: the file has no key for it.");
                continue;
            }

            wifi.Add(c);
        }

        return null;
    }

    private static string? WifiProblem(WifiConnection c, bool keyLeftOut)
    {
        if (string.IsNullOrWhiteSpace(c.Name) || c.Name.Length > 255 || c.Name.Any(char.IsControl))
        {
            return "the connection name is empty, too long or holds control characters.";
        }

        int ssidBytes = Encoding.UTF8.GetByteCount(c.Ssid ?? "");
        if (ssidBytes is 0 or > 32 || c.Ssid!.Any(char.IsControl))
        {
            return "the network name (SSID) must be 1 to 32 bytes without control characters.";
        }

        if (c.Security is not ("" or "wpa-psk" or "sae"))
        {
            return $"security '{Shorten(c.Security ?? "")}' is not open, wpa-psk or sae.";
        }

        string psk = c.Psk ?? "";
        if (c.Security.Length == 0 && psk.Length > 0)
        {
            return "an open network has a key.";
        }

        bool hex = psk.Length == 64 && psk.All(char.IsAsciiHexDigit);
        bool phrase = psk.Length is >= 8 and <= 63 && psk.All(ch => ch is >= ' ' and <= '~');
        if (c.Security.Length > 0 && !hex && !phrase && !(psk.Length == 0 && keyLeftOut))
        {
            return "the key must be 8 to 63 printable characters or 64 hex digits.";
        }

        if (c.Ipv4Method is not ("auto" or "manual"))
        {
            return $"IPv4 method '{Shorten(c.Ipv4Method ?? "")}' is not auto or manual.";
        }

        string[] addresses = Split(c.Ipv4Addresses);
        if (addresses.Any(a => !IsCidr(a)) || (c.Ipv4Method == "manual" && addresses.Length == 0))
        {
            return "the static addresses must be in CIDR form (192.168.1.72/24).";
        }

        if ((c.Ipv4Gateway ?? "").Length > 0 && !IPAddress.TryParse(c.Ipv4Gateway, out _))
        {
            return "the gateway is not an IP address.";
        }

        return Split(c.Ipv4Dns).Any(d => !IPAddress.TryParse(d, out _)) ? "a DNS server is not an IP address." : null;
    }

    private static bool IsCidr(string text)
    {
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && IPAddress.TryParse(text[..slash], out IPAddress? ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            && int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int bits) && bits is >= 0 and <= 32;
    }

    private static string[] Split(string? list) =>
        (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
