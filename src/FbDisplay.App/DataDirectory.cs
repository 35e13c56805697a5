using System.Security.Cryptography;
using System.Text;

namespace FbDisplay.App;

/// <summary>
/// The data directory at start: created if missing, checked for writing, and locked so that one display runs per
/// directory. A directory that cannot be written is not a reason to stay dark: the display starts, draws live data and
/// says on screen that nothing is kept.
/// </summary>
internal static class DataDirectory
{
    /// <summary>On Unix .NET reports a held flock (FileShare.None) as this sharing violation.</summary>
    private const int SharingViolation = unchecked((int)0x80070020);

    /// <summary>Creates and probes <paramref name="dir"/>; null when it can be written, else the message for the screen.</summary>
    public static string? Prepare(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, ".fbdisplay.write-test");
            using (var f = new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
                f.WriteByte(0);
                f.Flush(flushToDisk: true);
            }

            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"Storage failed: {dir} cannot be written ({e.Message.TrimEnd('.')}). Live data only: nothing is logged or kept.";
        }
    }

    /// <summary>
    /// Locks the directory (<c>.fbdisplay.lock</c>). Held by another process: <see cref="Lock.HeldByAnother"/>. Where
    /// the lock file cannot be made (a read-only directory), the lock is taken in the temporary directory instead,
    /// named after the data directory, so two displays on one read-only directory still exclude each other.
    /// </summary>
    public static Lock LockSingleInstance(string dir)
    {
        try
        {
            return new Lock(new FileStream(Path.Combine(dir, ".fbdisplay.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), null);
        }
        catch (IOException e) when (e.HResult == SharingViolation)
        {
            return new Lock(null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string name = "fbdisplay-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dir)))[..16] + ".lock";
            try
            {
                return new Lock(new FileStream(Path.Combine(Path.GetTempPath(), name), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), null);
            }
            catch (IOException held) when (held.HResult == SharingViolation)
            {
                return new Lock(null, null);
            }
            catch (Exception other) when (other is IOException or UnauthorizedAccessException)
            {
                return new Lock(FileStream.Null, $"Storage failed: {dir} cannot be locked ({e.Message.TrimEnd('.')}; {other.Message.TrimEnd('.')}).");
            }
        }
    }

    /// <summary>The instance lock, held until disposed.</summary>
    public sealed class Lock(Stream? stream, string? problem) : IDisposable
    {
        /// <summary>Another display runs on this directory.</summary>
        public bool HeldByAnother => stream is null;

        /// <summary>Why the lock is not where it belongs, or null.</summary>
        public string? Problem => problem;

        public void Dispose() => stream?.Dispose();
    }
}
