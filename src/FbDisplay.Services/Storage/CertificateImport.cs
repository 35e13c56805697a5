using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FbDisplay.Services.Mqtt;

namespace FbDisplay.Services.Storage;

/// <summary>What the start-up import from the BATTERY drive did.</summary>
public enum CertificateImportOutcome
{
    /// <summary>Files were copied (or were already identical).</summary>
    Imported,
    NoDrive,
    NotFat,
    MountFailed,

    /// <summary>The drive has none of the MQTT files (it may be there for COPY LOG only).</summary>
    NothingToImport,

    /// <summary>Some of aws_url, aws_cert.pem.crt, aws_privkey.pem.key are missing: nothing was copied.</summary>
    MissingFile,

    /// <summary>A file is not what its name says (garbage PEM, key not matching the certificate, bad URL): nothing was copied.</summary>
    InvalidFile,
}

/// <summary>The outcome, a message for the screen and the log, and the files written.</summary>
public sealed record CertificateImportResult(CertificateImportOutcome Outcome, string Message, IReadOnlyList<string> FilesWritten);

/// <summary>
/// Copies the MQTT files from the BATTERY drive into the data directory at start-up (manual: aws_url,
/// aws_cert.pem.crt, aws_privkey.pem.key; plus an optional aws_ca.pem). All or nothing: every file is validated first
/// (the key must match the certificate), so a bad stick never replaces a working set. Each file is replaced
/// atomically; the key is created 0600.
/// </summary>
public sealed class CertificateImport(IRemovableDrive drive, string dataDirectory)
{
    /// <summary>Larger files are not certificates.</summary>
    public const int MaxFileBytes = 64 * 1024;

    /// <summary>The files a certificate set must have (aws_ca.pem is optional).</summary>
    public static IReadOnlyList<string> Required { get; } = [MqttOptions.UrlFileName, MqttOptions.CertificateFileName, MqttOptions.KeyFileName];

    /// <summary>Every file of a set, the optional CA last.</summary>
    public static IReadOnlyList<string> AllFiles { get; } = [.. Required, MqttOptions.CaFileName];

    /// <summary>Writes one validated file into <paramref name="dataDirectory"/> atomically, the private key 0600 from its creation on.</summary>
    public static void Install(string dataDirectory, string name, byte[] content)
    {
        UnixFileMode mode = name == MqttOptions.KeyFileName
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        AtomicFile.WriteAllBytes(Path.Combine(dataDirectory, name), content, mode);
    }

    public async Task<CertificateImportResult> ImportAsync(CancellationToken cancellationToken = default)
    {
        CertificateImportResult? result = null;
        DriveUseResult use = await drive.UseAsync(writable: false, (root, _) =>
        {
            result = ImportFrom(root);
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return use.Problem switch
        {
            DriveProblem.None => result!,
            DriveProblem.NoDrive => new CertificateImportResult(CertificateImportOutcome.NoDrive, use.Message, []),
            DriveProblem.NotFat => new CertificateImportResult(CertificateImportOutcome.NotFat, use.Message, []),
            _ => new CertificateImportResult(CertificateImportOutcome.MountFailed, use.Message, []),
        };
    }

    /// <summary>The import from an already mounted root (public for a drive the OS mounted itself).</summary>
    public CertificateImportResult ImportFrom(string root)
    {
        var found = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (string name in AllFiles)
        {
            // FAT keeps the case Windows wrote (AWS_URL, Aws_Cert.pem.crt): match names case-insensitively.
            string? path = Directory.EnumerateFiles(root).FirstOrDefault(f => string.Equals(Path.GetFileName(f), name, StringComparison.OrdinalIgnoreCase));
            if (path is null)
            {
                continue;
            }

            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes)
            {
                return Invalid($"{name} is {info.Length} bytes; that is not a certificate file.");
            }

            found[name] = File.ReadAllBytes(path);
        }

        string[] missing = Required.Where(n => !found.ContainsKey(n)).ToArray();
        if (missing.Length == Required.Count)
        {
            return new CertificateImportResult(CertificateImportOutcome.NothingToImport, "The BATTERY drive holds no MQTT files (aws_url, aws_cert.pem.crt, aws_privkey.pem.key).", []);
        }

        if (missing.Length > 0)
        {
            return new CertificateImportResult(CertificateImportOutcome.MissingFile,
                $"The BATTERY drive lacks {string.Join(", ", missing)}; nothing was copied.", []);
        }

        if (Validate(found) is { } problem)
        {
            return Invalid(problem);
        }

        var written = new List<string>();
        foreach ((string name, byte[] content) in found)
        {
            string target = Path.Combine(dataDirectory, name);
            if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(content))
            {
                continue; // Already there: no needless flash writes on every boot.
            }

            Install(dataDirectory, name, content);
            written.Add(name);
        }

        return new CertificateImportResult(CertificateImportOutcome.Imported,
            written.Count == 0 ? "MQTT files on the BATTERY drive are already installed." : $"Imported {string.Join(", ", written)} from the BATTERY drive.",
            written);
    }

    private static CertificateImportResult Invalid(string message) =>
        new(CertificateImportOutcome.InvalidFile, message + " Nothing was copied.", []);

    /// <summary>The MQTT files by name (the three required, aws_ca.pem optional): null when they are usable together, else why not.</summary>
    public static string? Validate(IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        string url = Encoding.UTF8.GetString(files[MqttOptions.UrlFileName]).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        try
        {
            _ = MqttOptions.ParseUrl(url);
        }
        catch (MqttConfigurationException e)
        {
            return $"aws_url does not hold a broker address ({e.Message})";
        }

        string certPem = Encoding.ASCII.GetString(files[MqttOptions.CertificateFileName]);
        string keyPem = Encoding.ASCII.GetString(files[MqttOptions.KeyFileName]);
        if (!certPem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
        {
            return "aws_cert.pem.crt is not a PEM certificate.";
        }

        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return "aws_privkey.pem.key is not a PEM private key.";
        }

        try
        {
            // Fails when either is garbage or the key does not belong to the certificate.
            using X509Certificate2 pair = X509Certificate2.CreateFromPem(certPem, keyPem);
        }
        catch (CryptographicException e)
        {
            return $"aws_cert.pem.crt and aws_privkey.pem.key cannot be used together: {e.Message.TrimEnd('.')}.";
        }
        catch (ArgumentException e)
        {
            return $"aws_cert.pem.crt or aws_privkey.pem.key is damaged: {e.Message.TrimEnd('.')}.";
        }

        if (files.TryGetValue(MqttOptions.CaFileName, out byte[]? ca))
        {
            var collection = new X509Certificate2Collection();
            try
            {
                collection.ImportFromPem(Encoding.ASCII.GetString(ca));
            }
            catch (CryptographicException e)
            {
                return $"aws_ca.pem is damaged: {e.Message.TrimEnd('.')}.";
            }

            if (collection.Count == 0)
            {
                return "aws_ca.pem holds no certificate.";
            }
        }

        return null;
    }
}
