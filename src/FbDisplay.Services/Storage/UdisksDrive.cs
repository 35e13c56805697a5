using System.Text;
using FbDisplay.Services.Interop;

namespace FbDisplay.Services.Storage;

/// <summary>
/// The BATTERY drive mounted by udisks2 (<c>udisksctl</c>, authorised by polkit), so the display needs no privilege of
/// its own: udisks mounts it for the calling user (<c>uid=</c> that user, <c>noexec</c>, <c>umask=077</c>, read-only
/// unless writing) under <c>/media</c>, and unmounts it afterwards. The image's polkit rule lets the display's user
/// mount removable drives only, never the system card (image/sd/README.md). The boot sector is read first (the udev
/// rule gives the BATTERY partition to <c>plugdev</c>), so a drive that is not FAT is named before udisks is asked.
/// </summary>
public sealed class UdisksDrive(string devicePath = BlockDeviceDrive.DefaultDevicePath, string mountInfoPath = "/proc/self/mountinfo") : IRemovableDrive
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public string DevicePath => devicePath;

    public async Task<DriveUseResult> UseAsync(bool writable, Func<string, CancellationToken, Task> withRoot, CancellationToken cancellationToken = default)
    {
        DriveUseResult? problem = BlockDeviceDrive.CheckFat(devicePath, out string? fatType);
        if (problem is not null)
        {
            return problem;
        }

        string device = ResolveDevice(devicePath);
        string options = writable ? "noexec,umask=077" : "noexec,umask=077,ro";
        HostCommandResult mount = await HostCommand.RunAsync(
            "udisksctl", ["mount", "--no-user-interaction", "--block-device", device, "--filesystem-type", "vfat", "--options", options], Limit, cancellationToken).ConfigureAwait(false);
        string? root = MountPointOf(device);
        if (!mount.Ok && root is null)
        {
            return new DriveUseResult(DriveProblem.MountFailed, $"Cannot mount {devicePath} ({fatType}): {Explain(mount)}");
        }

        if (root is null)
        {
            return new DriveUseResult(DriveProblem.MountFailed, $"Cannot mount {devicePath}: udisks mounted it, but not where this process sees it ({mountInfoPath}).");
        }

        try
        {
            await withRoot(root, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            HostCommandResult unmount = await HostCommand.RunAsync("udisksctl", ["unmount", "--no-user-interaction", "--block-device", device], Limit, CancellationToken.None).ConfigureAwait(false);
            if (!unmount.Ok && MountPointOf(device) is not null)
            {
                // Something still has a file open: udisks detaches it now and the kernel finishes when it is closed.
                _ = await HostCommand.RunAsync("udisksctl", ["unmount", "--no-user-interaction", "--force", "--block-device", device], Limit, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return new DriveUseResult(DriveProblem.None, $"Used {devicePath} ({fatType}) through udisks.");
    }

    /// <summary>udisksctl's error without the D-Bus wrapping: "Not authorized to perform operation", not "GDBus.Error:org.freedesktop…".</summary>
    public static string Explain(HostCommandResult r)
    {
        if (r.Code == HostCommandResult.NotInstalled)
        {
            return "udisksctl not found: mounting the drive needs udisks2.";
        }

        string line = r.FirstErrorLine("udisksctl");
        int wrapped = line.IndexOf("GDBus.Error:", StringComparison.Ordinal);
        if (wrapped >= 0)
        {
            int reason = line.IndexOf(": ", wrapped, StringComparison.Ordinal);
            line = reason > 0 ? line[(reason + 2)..] : line;
        }

        line = line.TrimEnd('.');
        return line.Contains("Not authorized", StringComparison.OrdinalIgnoreCase)
            ? $"{line} (polkit: the display's user may not mount this drive)."
            : line + ".";
    }

    /// <summary>Where the device is mounted now, from the mount table this process sees; null when it is not.</summary>
    public string? MountPointOf(string device)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(mountInfoPath);
        }
        catch (IOException)
        {
            return null;
        }

        foreach (string line in lines)
        {
            // "36 35 8:1 / /media/fbdisplay/BATTERY rw,nosuid,nodev,noexec - vfat /dev/sda1 rw,uid=…"
            int dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0)
            {
                continue;
            }

            string[] before = line[..dash].Split(' ');
            string[] after = line[(dash + 3)..].Split(' ');
            if (before.Length >= 5 && after.Length >= 2 && after[1] == device)
            {
                return Unescape(before[4]);
            }
        }

        return null;
    }

    private static string ResolveDevice(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    /// <summary>The mount table writes a space as <c>\040</c> (octal), a tab as <c>\011</c>, a backslash as <c>\134</c>.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var sb = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                sb.Append((char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }

        return sb.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
