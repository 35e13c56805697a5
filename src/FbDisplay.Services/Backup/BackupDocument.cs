using System.Text.Json.Serialization;

namespace FbDisplay.Services.Backup;

/// <summary>
/// The settings backup file (<c>fbdisplay-backup.json</c>), one JSON document: what it is, when and where it was made,
/// and its sections. Format described in docs/backup.md; <see cref="Version"/> changes whenever a reader of the old
/// version would misread the new one.
/// </summary>
public sealed class BackupDocument
{
    /// <summary>Always <see cref="SettingsBackup.FormatName"/>: the file says what it is.</summary>
    public string? Format { get; set; }

    /// <summary>The file format's version (<see cref="SettingsBackup.FormatVersion"/>).</summary>
    public int Version { get; set; }

    /// <summary>Always <see cref="SettingsBackup.ProductName"/>.</summary>
    public string? Product { get; set; }

    /// <summary>The software version that wrote it.</summary>
    public string? SoftwareVersion { get; set; }

    /// <summary>When it was written (UTC).</summary>
    public DateTimeOffset Created { get; set; }

    /// <summary>The host name of the display that wrote it.</summary>
    public string? Source { get; set; }

    /// <summary>The settings.json schema the <see cref="Settings"/> keys belong to (migrated forward on restore).</summary>
    public int SettingsSchema { get; set; }

    /// <summary>settings.json as flat catalogue keys (Udp:Port = 6500), every value as text.</summary>
    public Dictionary<string, string>? Settings { get; set; }

    /// <summary>The MQTT files of the data directory by name (aws_url, aws_cert.pem.crt, aws_privkey.pem.key, aws_ca.pem), as text.</summary>
    public Dictionary<string, string>? Files { get; set; }

    /// <summary>The saved Wi-Fi connections, as NetworkManager holds them.</summary>
    public List<WifiConnection>? Wifi { get; set; }

    /// <summary>The secrets left out (a web download); null when the file holds every one.</summary>
    public BackupOmissions? Omitted { get; set; }
}

/// <summary>What a backup without secrets leaves out, by item, so a reader knows the file is not whole.</summary>
public sealed class BackupOmissions
{
    /// <summary>Why ("downloaded from the web page: secrets are left out").</summary>
    public string? Reason { get; set; }

    /// <summary>Secret settings that have a value on the display but not in the file.</summary>
    public List<string>? Settings { get; set; }

    /// <summary>Files left out (the MQTT private key).</summary>
    public List<string>? Files { get; set; }

    /// <summary>Names of Wi-Fi connections whose key is left out.</summary>
    public List<string>? WifiKeys { get; set; }
}

/// <summary>One saved Wi-Fi connection: name, network, key and IPv4 settings.</summary>
public sealed record WifiConnection
{
    /// <summary>NetworkManager's connection name (its id).</summary>
    public string Name { get; init; } = "";

    public string Ssid { get; init; } = "";

    /// <summary>NetworkManager's key management: "" (open), "wpa-psk" (WPA2 personal) or "sae" (WPA3 personal).</summary>
    public string Security { get; init; } = "";

    /// <summary>The pre-shared key; empty for an open network or when left out.</summary>
    public string Psk { get; init; } = "";

    public bool Autoconnect { get; init; } = true;

    /// <summary>"auto" (DHCP) or "manual".</summary>
    public string Ipv4Method { get; init; } = "auto";

    /// <summary>Static addresses in CIDR form, separated by commas ("192.168.1.72/24").</summary>
    public string Ipv4Addresses { get; init; } = "";

    public string Ipv4Gateway { get; init; } = "";

    /// <summary>DNS servers separated by commas.</summary>
    public string Ipv4Dns { get; init; } = "";
}

/// <summary>What an export of the Wi-Fi connections found, and what it could not read (null: everything).</summary>
public sealed record WifiExport(IReadOnlyList<WifiConnection> Connections, string? Problem);

/// <summary>
/// The saved Wi-Fi connections, read and created through NetworkManager (its own permissions decide whether the keys
/// can be read). Calls are slow (child processes): never on the UI thread.
/// </summary>
public interface IWifiConnections
{
    /// <summary>Every saved Wi-Fi connection; the keys only when <paramref name="includeSecrets"/>.</summary>
    Task<WifiExport> ExportAsync(bool includeSecrets, CancellationToken cancellationToken);

    /// <summary>Creates the connection, or replaces the one of the same name. Null when done, else why not.</summary>
    Task<string?> ImportAsync(WifiConnection connection, CancellationToken cancellationToken);
}

[JsonSerializable(typeof(BackupDocument))]
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class BackupJson : JsonSerializerContext;
