using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace FbDisplay.Services.Update;

/// <summary>
/// Writes an update bundle from a published app directory: <c>manifest.json</c>, <c>manifest.sig</c>, then every file
/// under <c>files/</c>, as a gzip-compressed tar (docs/updates.md). Used by <c>build.cake</c>'s Bundle target (through
/// reflection, so the build needs no separate tool) and by the tests.
/// </summary>
public static class UpdateBundleWriter
{
    /// <summary>Builds the manifest of <paramref name="appDirectory"/> (every file, recursively, with its mode).</summary>
    public static UpdateManifest ManifestOf(string appDirectory, string version, string rid, int settingsSchema)
    {
        var files = new List<ManifestFile>();
        foreach (string path in Directory.EnumerateFiles(appDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string rel = Path.GetRelativePath(appDirectory, path).Replace('\\', '/');
            using FileStream fs = File.OpenRead(path);
            string hash = Convert.ToHexStringLower(SHA256.HashData(fs));
            int mode = (int)File.GetUnixFileMode(path) & 0x1FF;
            files.Add(new ManifestFile(rel, fs.Length, hash, Convert.ToString(mode, 8)));
        }

        return new UpdateManifest(UpdateManifest.CurrentFormat, version, rid, settingsSchema, files);
    }

    /// <summary>Signs <paramref name="manifestJson"/> with an ECDSA P-256 private key (PEM), SHA-256, IEEE P1363 (64 bytes).</summary>
    public static byte[] Sign(byte[] manifestJson, string privateKeyPem)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(privateKeyPem);
        if (key.KeySize != 256)
        {
            throw new ArgumentException($"The update signing key must be ECDSA P-256, not a {key.KeySize}-bit key.", nameof(privateKeyPem));
        }

        return key.SignData(manifestJson, HashAlgorithmName.SHA256);
    }

    /// <summary>Writes the bundle; returns the manifest. <paramref name="output"/> is created or replaced.</summary>
    public static UpdateManifest Write(string appDirectory, string version, string rid, int settingsSchema, string privateKeyPem, string output)
    {
        UpdateManifest manifest = ManifestOf(appDirectory, version, rid, settingsSchema);
        byte[] json = manifest.ToJsonBytes();
        Write(output, json, Sign(json, privateKeyPem), manifest.Files.Select(f => (f.Path, Path.Combine(appDirectory, f.Path))));
        return manifest;
    }

    /// <summary>The low-level writer (tests use it to build damaged bundles): the two manifest entries, then the files in order.</summary>
    public static void Write(string output, byte[] manifestJson, byte[] signature, IEnumerable<(string Path, string Source)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(output));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        using FileStream fs = File.Create(output);
        using (var gz = new GZipStream(fs, CompressionLevel.Optimal, leaveOpen: true))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax, leaveOpen: true))
        {
            AddBytes(tar, UpdateInstaller.ManifestEntry, manifestJson);
            AddBytes(tar, UpdateInstaller.SignatureEntry, signature);
            foreach ((string path, string source) in files)
            {
                tar.WriteEntry(source, UpdateInstaller.FilePrefix + path);
            }
        }

        fs.Flush(flushToDisk: true);
    }

    private static void AddBytes(TarWriter tar, string name, byte[] content)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead };
        tar.WriteEntry(entry);
    }
}
