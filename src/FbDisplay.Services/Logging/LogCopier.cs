using FbDisplay.Core.Logging;
using FbDisplay.Core.Text;
using FbDisplay.Services.Interop;

using FbDisplay.Services.Storage;

namespace FbDisplay.Services.Logging;

/// <summary>The result of COPY LOG, with words for the screen (any language) and the journal (<see cref="Message"/>).</summary>
public readonly record struct LogCopyResult(bool Ok, Say Words, long Bytes)
{
    /// <summary>The English words.</summary>
    public string Message => Words?.English ?? "";
}

/// <summary>
/// COPY LOG: copies PowerSafe100.log onto the USB drive labelled BATTERY (manual: "COPY LOG"). Written under a temporary
/// name, fsynced, renamed over any older copy, the directory fsynced, then the drive released, so a stick pulled at any
/// moment holds either the old file or the whole new one. Runs off the UI thread (it can take seconds on a big log).
/// </summary>
public sealed class LogCopier
{
    public const string DriveLabel = "BATTERY";

    /// <summary>FAT32 cannot hold a file of 4 GiB or more.</summary>
    public const long FatMaxFileBytes = (4L * 1024 * 1024 * 1024) - 1;

    private readonly string _logPath;
    private readonly IRemovableDrive _drive;

    public LogCopier(string logPath, IRemovableDrive drive)
    {
        ArgumentException.ThrowIfNullOrEmpty(logPath);
        ArgumentNullException.ThrowIfNull(drive);
        _logPath = logPath;
        _drive = drive;
    }

    /// <summary>Mounts the drive writable, copies, unmounts; never throws for a missing, full, locked or pulled drive.</summary>
    public async Task<LogCopyResult> CopyAsync(CancellationToken ct = default)
    {
        if (!File.Exists(_logPath))
        {
            return new LogCopyResult(false, Say.Of(Tx.CopyNoLog, PowerSafeLogLine.FileName), 0);
        }

        LogCopyResult copy = default;
        DriveUseResult use = await _drive.UseAsync(writable: true, (root, token) => Task.Run(() => copy = CopyInto(root, token), token), ct).ConfigureAwait(false);
        return use.Ok ? copy : new LogCopyResult(false, DriveWords.Of(use), 0);
    }

    private LogCopyResult CopyInto(string root, CancellationToken ct)
    {
        string target = Path.Combine(root, PowerSafeLogLine.FileName);
        string temp = target + ".tmp";
        long copied = 0;
        try
        {
            // The writer keeps appending whole lines: copy the bytes there are now, so the copy is the log as it was
            // when COPY LOG began.
            using (var source = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16))
            {
                long length = source.Length;
                if (length > FatMaxFileBytes)
                {
                    return new LogCopyResult(false, Say.Of(Tx.CopyTooBig, PowerSafeLogLine.FileName, Mib(length)), 0);
                }

                long free = FreeBytes(root);
                long old = File.Exists(target) ? new FileInfo(target).Length : 0;
                if (free >= 0 && free + old < length)
                {
                    return new LogCopyResult(false, Say.Of(Tx.CopyNeeds, Mib(length), Mib(free + old)), 0);
                }

                using var dest = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                byte[] buffer = new byte[1 << 16];
                while (copied < length)
                {
                    ct.ThrowIfCancellationRequested();
                    int n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, length - copied));
                    if (n == 0)
                    {
                        break;
                    }

                    dest.Write(buffer, 0, n);
                    copied += n;
                }

                dest.Flush(flushToDisk: true);
            }

            File.Move(temp, target, overwrite: true);
            AtomicFile.FsyncDirectory(root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A drive pulled out mid-copy shows as EIO, ENODEV or ENXIO, or as the file on it having vanished (ENOENT).
            TryDelete(temp);
            return new LogCopyResult(false, Explain(e, () => FreeBytes(root)), 0);
        }

        return new LogCopyResult(true, Say.Of(Tx.CopyDone, PowerSafeLogLine.FileName, Mib(copied)), copied);
    }

    /// <summary>
    /// What a failed copy tells the owner. FAT answers ENOSPC, not EIO, when the stick vanishes while it allocates
    /// clusters (found pulling a drive in the appliance image), so "full" is believed only when the drive, asked again,
    /// says it has less than the log's size free; the free space was checked before the copy began.
    /// </summary>
    public static Say Explain(Exception e, Func<long> freeBytesNow)
    {
        int errno = e.HResult & 0xFFFF;
        Say pulled = Say.Of(Tx.CopyPulled, PowerSafeLogLine.FileName);
        if (errno == 30 || e is UnauthorizedAccessException || e.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase))
        {
            return Say.Of(Tx.DriveReadOnly);
        }

        if (errno == 28 || e.Message.Contains("No space", StringComparison.OrdinalIgnoreCase))
        {
            long free = freeBytesNow();
            return free is >= 0 and < FullBelowBytes ? Say.Of(Tx.DriveFull) : pulled;
        }

        return errno is 5 or 19 or 6 || e is FileNotFoundException or DirectoryNotFoundException || e.Message.Contains("Input/output", StringComparison.OrdinalIgnoreCase)
            ? pulled
            : Say.Of(Tx.CopyFailed, e.Message);
    }

    /// <summary>Below this much free space an ENOSPC is a full drive (a FAT cluster is at most 64 KiB; the copy writes 64 KiB at a time).</summary>
    public const long FullBelowBytes = 1 << 20;

    private static long FreeBytes(string root)
    {
        try
        {
            return new DriveInfo(root).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return -1;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static double Mib(long bytes) => bytes / 1048576.0;
}
