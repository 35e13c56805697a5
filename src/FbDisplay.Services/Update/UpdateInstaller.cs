using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using FbDisplay.Core.Text;
using FbDisplay.Services.Storage;

namespace FbDisplay.Services.Update;

/// <summary>What the installer checks a bundle against.</summary>
public sealed class UpdateInstallerOptions
{
    /// <summary>The version running now (refusals compare against it).</summary>
    public required string RunningVersion { get; init; }

    /// <summary>The public key (PEM, SubjectPublicKeyInfo, ECDSA P-256) that must have signed the manifest.</summary>
    public required string PublicKeyPem { get; init; }

    /// <summary>The runtime identifier the bundle must be built for; defaults to this process's.</summary>
    public string Rid { get; init; } = UpdateInstaller.ProcessRid();

    /// <summary>Install an older (or the same, when not running) version.</summary>
    public bool Force { get; init; }

    /// <summary>Space left free on the install file system after extraction.</summary>
    public long ReserveBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Free bytes on the file system holding a directory; statvfs by default (tests lie with it).</summary>
    public Func<string, long> FreeBytes { get; init; } = UpdateInstaller.AvailableBytes;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>
/// Installs a signed bundle side by side: verifies <c>manifest.sig</c> first, refuses a wrong architecture, an older
/// version (unless forced) and a bundle that does not fit, extracts into <c>releases/&lt;version&gt;.partial</c> checking
/// every file's size and SHA-256, fsyncs, renames it to <c>releases/&lt;version&gt;</c>, records the pending update and
/// switches <c>current</c> atomically. On any refusal the running release and <c>current</c> are left as they were and
/// the partial directory is removed.
/// </summary>
public sealed class UpdateInstaller(ReleaseLayout layout, UpdateInstallerOptions options)
{
    public const string ManifestEntry = "manifest.json";
    public const string SignatureEntry = "manifest.sig";
    public const string FilePrefix = "files/";
    private const int MaxManifestBytes = 4 * 1024 * 1024;
    private const int ENOSPC = 28;

    /// <summary>Installs the bundle read from <paramref name="bundle"/> (a .tar.gz stream, see docs/updates.md).</summary>
    public async Task<UpdateResult> InstallAsync(Stream bundle, IProgress<UpdateProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (!layout.Exists)
        {
            return new UpdateResult(UpdateOutcome.NotInstalled,
                $"This installation has no {layout.Current} link (not installed with install.sh): nothing was changed.");
        }

        FileStream? lockFile;
        try
        {
            lockFile = new FileStream(layout.LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return new UpdateResult(UpdateOutcome.Busy, "Another update is being installed.");
        }
        catch (UnauthorizedAccessException e)
        {
            return new UpdateResult(UpdateOutcome.Failed, $"Cannot write to {layout.Root}: {e.Message}");
        }

        string? partial = null;
        try
        {
            using (lockFile)
            {
                return await InstallLockedAsync(bundle, progress, p => partial = p, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (UpdateRefusedException e)
        {
            return new UpdateResult(e.Outcome, e.Message);
        }
        catch (IOException e) when (IsDiskFull(e))
        {
            return new UpdateResult(UpdateOutcome.DiskFull, $"The disk is full ({e.Message.TrimEnd('.')}): nothing was changed.");
        }
        catch (FormatException e)
        {
            return new UpdateResult(UpdateOutcome.Failed, $"The update's manifest is not usable: {e.Message.TrimEnd('.')}. Nothing was changed.");
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            return new UpdateResult(UpdateOutcome.Truncated, $"The update file is truncated or damaged ({e.Message.TrimEnd('.')}): nothing was changed.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new UpdateResult(UpdateOutcome.Failed, $"The update failed: {e.Message.TrimEnd('.')}. Nothing was changed.");
        }
        finally
        {
            if (partial is not null)
            {
                TryDeleteDirectory(partial);
            }
        }
    }

    private async Task<UpdateResult> InstallLockedAsync(Stream bundle, IProgress<UpdateProgress>? progress, Action<string> partialCreated, CancellationToken ct)
    {
        string running = layout.CurrentVersion() ?? options.RunningVersion;
        progress?.Report(new UpdateProgress(Say.Of(Tx.UpdateStageSignature), null));
        await using var gzip = new GZipStream(bundle, CompressionMode.Decompress, leaveOpen: true);
        await using var tar = new TarReader(gzip, leaveOpen: true);

        byte[] manifestBytes = await ReadSmallEntryAsync(tar, ManifestEntry, ct).ConfigureAwait(false);
        byte[] signature = await ReadSmallEntryAsync(tar, SignatureEntry, ct).ConfigureAwait(false);
        if (!Verify(manifestBytes, signature))
        {
            throw new UpdateRefusedException(UpdateOutcome.BadSignature,
                "The update's signature is not valid for this display's key: refused, nothing was changed.");
        }

        UpdateManifest manifest = UpdateManifest.Parse(manifestBytes);
        if (!string.Equals(manifest.Rid, options.Rid, StringComparison.Ordinal))
        {
            throw new UpdateRefusedException(UpdateOutcome.WrongArchitecture,
                $"The update {manifest.Version} is built for {manifest.Rid}; this display needs {options.Rid}: refused, nothing was changed.");
        }

        ReleaseVersion next = ReleaseVersion.Parse(manifest.Version);
        bool haveRunning = ReleaseVersion.TryParse(running, out ReleaseVersion current);
        int order = haveRunning ? next.CompareTo(current) : 1;
        if (order <= 0 && !options.Force)
        {
            throw new UpdateRefusedException(UpdateOutcome.NotNewer, order == 0
                ? $"Version {manifest.Version} is already running: nothing to install."
                : $"The update {manifest.Version} is older than the running {running}: refused (force it with Update:Force), nothing was changed.");
        }

        if (string.Equals(manifest.Version, running, StringComparison.Ordinal))
        {
            throw new UpdateRefusedException(UpdateOutcome.NotNewer, $"Version {manifest.Version} is already running: nothing to install.");
        }

        Directory.CreateDirectory(layout.Releases);
        RemoveStale(running);
        long free = options.FreeBytes(layout.Releases);
        long needed = manifest.TotalBytes + options.ReserveBytes;
        if (free < needed)
        {
            throw new UpdateRefusedException(UpdateOutcome.DiskFull,
                $"Not enough disk space for {manifest.Version}: it needs {Mib(needed)} MiB, {Mib(free)} MiB are free. Nothing was changed.");
        }

        string partial = layout.ReleaseDirectory(manifest.Version) + ".partial";
        TryDeleteDirectory(partial);
        Directory.CreateDirectory(partial);
        partialCreated(partial);
        await ExtractAsync(tar, manifest, partial, progress, ct).ConfigureAwait(false);

        progress?.Report(new UpdateProgress(Say.Of(Tx.UpdateStageSwitching, manifest.Version), null));
        string final = layout.ReleaseDirectory(manifest.Version);
        TryDeleteDirectory(final);
        Directory.Move(partial, final);
        AtomicFile.FsyncDirectory(layout.Releases);

        // Pending first, then the switch: a power cut in between leaves a pending record whose `to` is not current,
        // which the next start discards.
        new PendingUpdate(running, manifest.Version, options.Time.GetUtcNow(), 0, 0).Write(layout.PendingFile);
        layout.SwitchCurrent(manifest.Version);
        return new UpdateResult(UpdateOutcome.Installed, $"Installed {manifest.Version}; restarting.", manifest.Version);
    }

    private static async Task ExtractAsync(TarReader tar, UpdateManifest manifest, string partial, IProgress<UpdateProgress>? progress, CancellationToken ct)
    {
        var expected = manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        long total = Math.Max(1, manifest.TotalBytes);
        long written = 0;
        byte[] buffer = new byte[81920];
        while (await tar.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false) is { } entry)
        {
            if (entry.EntryType is TarEntryType.Directory)
            {
                continue;
            }

            string path = entry.Name.StartsWith(FilePrefix, StringComparison.Ordinal) ? entry.Name[FilePrefix.Length..] : "";
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !expected.TryGetValue(path, out ManifestFile? file) || !done.Add(path))
            {
                throw new UpdateRefusedException(UpdateOutcome.DamagedFile,
                    $"The update holds \"{entry.Name}\", which its signed manifest does not list: refused, nothing was changed.");
            }

            string target = Path.Combine(partial, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            Stream? data = entry.DataStream;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
            await using (var output = new FileStream(target, fileOptions))
            {
                if (data is not null)
                {
                    int n;
                    while ((n = await data.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                    {
                        size += n;
                        if (size > file.Size)
                        {
                            break;
                        }

                        sha.AppendData(buffer, 0, n);
                        await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                        written += n;
                        progress?.Report(new UpdateProgress(Say.Of(Tx.UpdateStageInstalling, manifest.Version), (double)written / total));
                    }
                }

                output.Flush(flushToDisk: true);
            }

            if (size < entry.Length)
            {
                throw new EndOfStreamException($"{path} ends after {size} of {entry.Length} bytes");
            }

            string hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (size != file.Size || !string.Equals(hash, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new UpdateRefusedException(UpdateOutcome.DamagedFile,
                    $"{path} in the update does not match its signed hash (tampered or damaged): refused, nothing was changed.");
            }

            File.SetUnixFileMode(target, UpdateManifest.ParseMode(file.Mode));
        }

        string[] missing = expected.Keys.Where(k => !done.Contains(k)).ToArray();
        if (missing.Length > 0)
        {
            throw new UpdateRefusedException(UpdateOutcome.Truncated,
                $"The update file is truncated: {missing.Length} of {expected.Count} files are missing (first: {missing[0]}). Nothing was changed.");
        }

        foreach (string dir in Directory.EnumerateDirectories(partial, "*", SearchOption.AllDirectories).Append(partial))
        {
            AtomicFile.FsyncDirectory(dir);
        }
    }

    private static async Task<byte[]> ReadSmallEntryAsync(TarReader tar, string name, CancellationToken ct)
    {
        TarEntry? entry = await tar.GetNextEntryAsync(copyData: false, ct).ConfigureAwait(false);
        if (entry is null || entry.Name != name || entry.DataStream is null || entry.Length > MaxManifestBytes)
        {
            throw new UpdateRefusedException(UpdateOutcome.BadSignature,
                $"The update file does not start with a signed manifest ({name}): refused, nothing was changed.");
        }

        using var ms = new MemoryStream();
        await entry.DataStream.CopyToAsync(ms, ct).ConfigureAwait(false);
        if (ms.Length != entry.Length)
        {
            throw new EndOfStreamException($"{name} is cut short");
        }

        return ms.ToArray();
    }

    private bool Verify(byte[] manifest, byte[] signature)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(options.PublicKeyPem);
        }
        catch (ArgumentException e)
        {
            throw new UpdateRefusedException(UpdateOutcome.NotInstalled, $"This display's update key is not a valid public key ({e.Message.TrimEnd('.')}): no update can be checked.");
        }

        return key.KeySize == 256 && key.VerifyData(manifest, signature, HashAlgorithmName.SHA256);
    }

    /// <summary>Leaves only the running release and removes leftovers (partial directories, releases older than the running one's predecessor are not needed for a rollback).</summary>
    private void RemoveStale(string running)
    {
        foreach (string dir in Directory.EnumerateDirectories(layout.Releases))
        {
            string name = Path.GetFileName(dir);
            if (name != running)
            {
                TryDeleteDirectory(dir);
            }
        }
    }

    private static bool IsDiskFull(IOException e) =>
        e.HResult == ENOSPC || (e.HResult & 0xFFFF) == 0x70 /* ERROR_DISK_FULL */ || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Available bytes for an unprivileged writer on the file system holding <paramref name="directory"/>.</summary>
    public static long AvailableBytes(string directory) => new DriveInfo(directory).AvailableFreeSpace;

    /// <summary>linux-x64, linux-arm64 or linux-arm, from the process architecture (the RIDs the bundles are built for).</summary>
    public static string ProcessRid() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "linux-x64",
        Architecture.Arm64 => "linux-arm64",
        Architecture.Arm => "linux-arm",
        Architecture other => "linux-" + other.ToString().ToLowerInvariant(),
    };
}
