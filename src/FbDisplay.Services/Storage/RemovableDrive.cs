using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using FbDisplay.Services.Interop;

namespace FbDisplay.Services.Storage;

/// <summary>Why a removable drive could not be used.</summary>
public enum DriveProblem
{
    None,

    /// <summary>No drive with the label is plugged in.</summary>
    NoDrive,

    /// <summary>The drive is there but does not hold a FAT file system.</summary>
    NotFat,

    /// <summary>The kernel would not mount it (message has its reason).</summary>
    MountFailed,
}

/// <summary>What <see cref="IRemovableDrive.UseAsync"/> did; <see cref="Message"/> is for the screen.</summary>
public sealed record DriveUseResult(DriveProblem Problem, string Message)
{
    public bool Ok => Problem == DriveProblem.None;
}

/// <summary>
/// A USB drive used briefly: mounted for one action (certificate import at start-up, COPY LOG) and unmounted after it,
/// so it can be pulled out at any other time. Never call from the UI thread: mounting and copying take seconds.
/// </summary>
public interface IRemovableDrive
{
    /// <summary>Mounts (read-only unless <paramref name="writable"/>), runs <paramref name="withRoot"/> on the drive's root directory, unmounts whatever happens.</summary>
    Task<DriveUseResult> UseAsync(bool writable, Func<string, CancellationToken, Task> withRoot, CancellationToken cancellationToken = default);
}

/// <summary>The drive a setting names.</summary>
public static class RemovableDrive
{
    /// <summary>
    /// A directory (a drive the OS mounted itself, or a test's stand-in) is used as it is; anything else is the block
    /// device to mount: by mount(2) when running as root, otherwise through udisks2 (the appliance's unprivileged unit).
    /// </summary>
    public static IRemovableDrive At(string path) => At(path, Environment.IsPrivilegedProcess);

    /// <summary>As <see cref="At(string)"/>, for a process that is (<paramref name="privileged"/>) or is not root.</summary>
    public static IRemovableDrive At(string path, bool privileged) =>
        Directory.Exists(path) ? new DirectoryDrive(path)
        : privileged ? new BlockDeviceDrive(path)
        : new UdisksDrive(path);
}

/// <summary>A directory standing in for a mounted drive (tests, development machines, or a drive the OS mounts itself).</summary>
public sealed class DirectoryDrive(string root) : IRemovableDrive
{
    public async Task<DriveUseResult> UseAsync(bool writable, Func<string, CancellationToken, Task> withRoot, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(root))
        {
            return new DriveUseResult(DriveProblem.NoDrive, $"No drive at {root}.");
        }

        await withRoot(root, cancellationToken).ConfigureAwait(false);
        return new DriveUseResult(DriveProblem.None, $"Used {root}.");
    }
}

/// <summary>
/// The drive labelled BATTERY (manual: a FAT16 thumb drive), found by udev's <c>/dev/disk/by-label/BATTERY</c> link,
/// checked to be FAT by its boot sector, mounted with mount(2) as vfat (nosuid, nodev, noexec) on a private mount
/// point, unmounted afterwards. Needs root or CAP_SYS_ADMIN; the appliance's unprivileged unit uses <see cref="UdisksDrive"/>.
/// </summary>
public sealed class BlockDeviceDrive(string devicePath = BlockDeviceDrive.DefaultDevicePath, string? mountDirectory = null) : IRemovableDrive
{
    public const string DefaultDevicePath = "/dev/disk/by-label/BATTERY";

    public string DevicePath => devicePath;

    public async Task<DriveUseResult> UseAsync(bool writable, Func<string, CancellationToken, Task> withRoot, CancellationToken cancellationToken = default)
    {
        DriveUseResult? problem = CheckFat(devicePath, out string? fatType);
        if (problem is not null)
        {
            return problem;
        }

        if (!OperatingSystem.IsLinux())
        {
            return new DriveUseResult(DriveProblem.MountFailed, "Mounting drives needs Linux.");
        }

        string baseDir = mountDirectory ?? Path.GetTempPath();
        string target = Path.Combine(baseDir, $"fbdisplay-drive-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            nuint flags = Libc.MsNoSuid | Libc.MsNoDev | Libc.MsNoExec | (writable ? 0u : Libc.MsRdOnly);

            // umask=077: only root sees the key files while mounted; flush: COPY LOG data reaches the stick before unmount returns.
            if (Libc.Mount(devicePath, target, "vfat", flags, writable ? "utf8,umask=077,flush" : "utf8,umask=077") != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                string why = errno == 19 /* ENODEV */ ? "the kernel has no vfat support" : Marshal.GetPInvokeErrorMessage(errno);
                return new DriveUseResult(DriveProblem.MountFailed, $"Cannot mount {devicePath} ({fatType}): {why}.");
            }

            try
            {
                await withRoot(target, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (Libc.Umount2(target, 0) != 0)
                {
                    // Something still has a file open: detach now, the kernel finishes when it is closed.
                    _ = Libc.Umount2(target, Libc.MntDetach);
                }
            }

            return new DriveUseResult(DriveProblem.None, $"Used {devicePath} ({fatType}).");
        }
        finally
        {
            try
            {
                Directory.Delete(target);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Null when <paramref name="devicePath"/> is there and holds FAT; otherwise what is wrong, for the screen.</summary>
    public static DriveUseResult? CheckFat(string devicePath, out string? fatType)
    {
        fatType = null;
        if (!File.Exists(devicePath))
        {
            return new DriveUseResult(DriveProblem.NoDrive, $"No USB drive labelled {Path.GetFileName(devicePath)} ({devicePath} not found).");
        }

        byte[] sector = new byte[512];
        try
        {
            using var fs = new FileStream(devicePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            fs.ReadExactly(sector);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DriveUseResult(DriveProblem.MountFailed, $"Cannot read {devicePath}: {e.Message}");
        }

        return FatBootSector.IsFat(sector, out fatType)
            ? null
            : new DriveUseResult(DriveProblem.NotFat, $"The drive {devicePath} is not FAT formatted (format it FAT16 or FAT32).");
    }
}

/// <summary>Recognises a FAT12/16/32 boot sector (what mkfs.vfat and Windows write).</summary>
public static class FatBootSector
{
    public static bool IsFat(ReadOnlySpan<byte> sector, out string? type)
    {
        type = null;
        if (sector.Length < 512 || sector[510] != 0x55 || sector[511] != 0xAA)
        {
            return false;
        }

        int bytesPerSector = sector[11] | (sector[12] << 8);
        if (bytesPerSector is not (512 or 1024 or 2048 or 4096) || sector[13] == 0 || sector[16] == 0)
        {
            return false; // sectors per cluster and FAT count must be non-zero
        }

        string fat16 = Encoding.ASCII.GetString(sector.Slice(54, 8)).TrimEnd();
        string fat32 = Encoding.ASCII.GetString(sector.Slice(82, 8)).TrimEnd();
        type = fat32 == "FAT32" ? "FAT32" : fat16 is "FAT12" or "FAT16" or "FAT" ? fat16 : null;
        return type is not null;
    }
}
