using FbDisplay.Services.Interop;

namespace FbDisplay.Services.Storage;

/// <summary>
/// Replaces a file so that a power cut at any moment leaves either the old or the new content: write a temporary
/// file beside it, fsync it, rename it over the target, fsync the directory.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content) => WriteAllBytes(path, content, null);

    /// <param name="unixMode">Permissions the file has from its creation on (e.g. 0600 for a private key), so it is never briefly readable by others.</param>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content, UnixFileMode? unixMode)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
            if (unixMode is { } m && !OperatingSystem.IsWindows())
            {
                TryDelete(temp); // UnixCreateMode applies only when the file is created
                options.UnixCreateMode = m;
            }

            using (var fs = new FileStream(temp, options))
            {
                fs.Write(content);
                fs.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        FsyncDirectory(dir);
        RemoveLeftovers(dir, Path.GetFileName(full), temp);
    }

    public static void WriteAllText(string path, string content) =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(content));

    /// <summary>Makes a rename or a new file in <paramref name="directory"/> durable.</summary>
    public static void FsyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Plain O_RDONLY opens a directory on Linux; O_DIRECTORY's value differs between x86-64 (0x10000) and arm (0x4000).
        int fd = Libc.Open(directory, Libc.ORdOnly);
        if (fd < 0)
        {
            return; // Durability is best effort here; the rename itself already happened.
        }

        _ = Libc.Fsync(fd);
        _ = Libc.Close(fd);
    }

    // A power cut after the temporary file was made durable and before the rename was leaves it behind (seen in the
    // appliance's power-cut test); its name has another process id, so no later save overwrites it. The new file is
    // durable by now: what is left of earlier saves of this file goes.
    private static void RemoveLeftovers(string dir, string name, string ownTemp)
    {
        try
        {
            foreach (string leftover in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
            {
                if (leftover != ownTemp)
                {
                    TryDelete(leftover);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
