using System.Diagnostics;
using FbDisplay.Core.Logging;
using FbDisplay.Services.Interop;

using FbDisplay.Services.Storage;

namespace FbDisplay.Services.Logging;

/// <summary>A mounted drive to copy onto; <see cref="Release"/> unmounts it when we mounted it.</summary>
public interface IMountedDrive : IDisposable
{
    /// <summary>The drive's root directory.</summary>
    string RootPath { get; }

    /// <summary>Flushes and unmounts (when we mounted it) so the stick can be pulled. Returns a problem or null.</summary>
    string? Release();
}

/// <summary>Finds the USB drive labelled BATTERY and mounts it; a seam so tests can use a plain directory.</summary>
public interface IBatteryDriveLocator
{
    /// <summary>The mounted drive, or null with a message for the screen when there is none.</summary>
    IMountedDrive? TryMount(out string? problem);
}

/// <summary>The result of COPY LOG, with a message for the screen.</summary>
public readonly record struct LogCopyResult(bool Ok, string Message, long Bytes);

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
    private readonly IBatteryDriveLocator _drives;

    public LogCopier(string logPath, IBatteryDriveLocator drives)
    {
        ArgumentException.ThrowIfNullOrEmpty(logPath);
        ArgumentNullException.ThrowIfNull(drives);
        _logPath = logPath;
        _drives = drives;
    }

    public Task<LogCopyResult> CopyAsync(CancellationToken ct = default) => Task.Run(() => Copy(ct), ct);

    public LogCopyResult Copy(CancellationToken ct = default)
    {
        if (!File.Exists(_logPath))
        {
            return new LogCopyResult(false, $"There is no {PowerSafeLogLine.FileName} to copy yet.", 0);
        }

        using IMountedDrive? drive = _drives.TryMount(out string? problem);
        if (drive is null)
        {
            return new LogCopyResult(false, problem ?? $"No USB drive named {DriveLabel} found.", 0);
        }

        string target = Path.Combine(drive.RootPath, PowerSafeLogLine.FileName);
        string temp = target + ".tmp";
        long copied = 0;
        try
        {
            // The writer keeps appending: copy what exists now, up to the last whole line.
            using (var source = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16))
            {
                long length = source.Length;
                if (length > FatMaxFileBytes)
                {
                    return new LogCopyResult(false, $"{PowerSafeLogLine.FileName} is {Mib(length)} MB: too big for a FAT drive (4 GB at most).", 0);
                }

                long free = FreeBytes(drive.RootPath);
                long old = File.Exists(target) ? new FileInfo(target).Length : 0;
                if (free >= 0 && free + old < length)
                {
                    return new LogCopyResult(false, $"The {DriveLabel} drive is full: the log needs {Mib(length)} MB, {Mib(free + old)} MB free.", 0);
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
            AtomicFile.FsyncDirectory(drive.RootPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            string why = e.HResult == 30 || e is UnauthorizedAccessException || e.Message.Contains("Read-only", StringComparison.OrdinalIgnoreCase)
                ? $"The {DriveLabel} drive is read-only (check its lock switch)."
                : e.HResult == 28 || e.Message.Contains("No space", StringComparison.OrdinalIgnoreCase)
                    ? $"The {DriveLabel} drive is full."
                    : $"Copy to the {DriveLabel} drive failed: {e.Message}";
            drive.Release();
            return new LogCopyResult(false, why, 0);
        }

        string? releaseProblem = drive.Release();
        return releaseProblem is null
            ? new LogCopyResult(true, $"Copied {PowerSafeLogLine.FileName} ({Mib(copied)} MB) to {DriveLabel}. You can remove the drive.", copied)
            : new LogCopyResult(true, $"Copied {PowerSafeLogLine.FileName} ({Mib(copied)} MB), but {releaseProblem} Wait a moment before removing the drive.", copied);
    }

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

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A directory standing in for the drive (tests, or a drive an automounter already mounted).</summary>
public sealed class DirectoryDriveLocator(string root) : IBatteryDriveLocator
{
    public IMountedDrive? TryMount(out string? problem)
    {
        problem = Directory.Exists(root) ? null : $"No USB drive named {LogCopier.DriveLabel} found.";
        return problem is null ? new Mounted(root) : null;
    }

    private sealed class Mounted(string root) : IMountedDrive
    {
        public string RootPath => root;

        public string? Release() => null;

        public void Dispose()
        {
        }
    }
}

/// <summary>
/// The real drive: the block device labelled BATTERY (found with blkid, so it works without udev's by-label links),
/// used where it is already mounted, otherwise mounted by us under <c>/run/fbdisplay/battery</c> and unmounted after.
/// </summary>
public sealed class UsbDriveLocator(string mountPoint = "/run/fbdisplay/battery") : IBatteryDriveLocator
{
    public IMountedDrive? TryMount(out string? problem)
    {
        (int code, string device, _) = Run("blkid", "-c", "/dev/null", "-l", "-o", "device", "-t", $"LABEL={LogCopier.DriveLabel}");
        device = device.Trim();
        if (code != 0 || device.Length == 0)
        {
            problem = $"No USB drive named {LogCopier.DriveLabel} found.";
            return null;
        }

        string? existing = MountPointOf(device);
        if (existing is not null)
        {
            problem = null;
            return new Mounted(existing, device, ownMount: false);
        }

        Directory.CreateDirectory(mountPoint);
        (code, _, string err) = Run("mount", "-o", "noatime,flush", device, mountPoint);
        if (code != 0)
        {
            problem = $"The {LogCopier.DriveLabel} drive could not be mounted: {err.Trim()}";
            return null;
        }

        problem = null;
        return new Mounted(mountPoint, device, ownMount: true);
    }

    internal static string? MountPointOf(string device)
    {
        foreach (string line in File.ReadLines("/proc/self/mounts"))
        {
            string[] f = line.Split(' ');
            if (f.Length > 1 && f[0] == device)
            {
                return f[1].Replace("\\040", " ", StringComparison.Ordinal);
            }
        }

        return null;
    }

    internal static (int Code, string Stdout, string Stderr) Run(string file, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process p = Process.Start(psi)!;
            Task<string> err = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(30_000))
            {
                p.Kill(entireProcessTree: true);
                return (-1, output, $"{file} did not finish in 30 s");
            }

            return (p.ExitCode, output, err.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"{file}: {e.Message}");
        }
    }

    private sealed class Mounted(string root, string device, bool ownMount) : IMountedDrive
    {
        private bool _released;

        public string RootPath => root;

        public string Device => device;

        public string? Release()
        {
            if (_released)
            {
                return null;
            }

            _released = true;
            if (!ownMount)
            {
                _ = Run("sync", "-f", root);
                return null;
            }

            (int code, _, string err) = Run("umount", root);
            return code == 0 ? null : $"the drive could not be unmounted ({err.Trim()}).";
        }

        public void Dispose() => Release();
    }
}
