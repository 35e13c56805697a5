using System.Runtime.InteropServices;
using FbDisplay.Services.Interop;
using FbDisplay.Services.Storage;

namespace FbDisplay.Services.Update;

/// <summary>
/// The install root the Pi installer (<c>image/pi/install.sh</c>) lays out and the updater keeps: <c>releases/&lt;version&gt;</c>
/// side by side, a <c>current</c> symbolic link to <c>releases/&lt;version&gt;</c> switched atomically (a new link renamed
/// over the old), and the update bookkeeping files beside them.
/// </summary>
public sealed class ReleaseLayout(string root)
{
    /// <summary>Where the installer puts the app on the appliance.</summary>
    public const string DefaultRoot = "/opt/fbdisplay";

    public string Root { get; } = Path.GetFullPath(root);

    public string Releases => Path.Combine(Root, "releases");

    public string Current => Path.Combine(Root, "current");

    /// <summary>The pending update (key=value lines, see <see cref="PendingUpdate"/>); present from the switch until the new version is healthy.</summary>
    public string PendingFile => Path.Combine(Root, "update-pending");

    /// <summary>The last update's outcome for the screen, one line of text; written at a rollback.</summary>
    public string MessageFile => Path.Combine(Root, "update-message");

    /// <summary>Held while an update installs (flock), so two updates never interleave.</summary>
    public string LockFile => Path.Combine(Root, ".update.lock");

    /// <summary>releases/&lt;version&gt;; throws <see cref="ArgumentException"/> for anything but a strict version, so no path is built from one.</summary>
    public string ReleaseDirectory(string version) =>
        ReleaseVersion.IsValid(version)
            ? Path.Combine(Releases, version)
            : throw new ArgumentException($"\"{version}\" is not a version: no release directory is made from it.", nameof(version));

    /// <summary>True when the installer's layout is there (a <c>current</c> link).</summary>
    public bool Exists => new FileInfo(Current).LinkTarget is not null;

    /// <summary>The version <c>current</c> points at (the last path component of its target), or null.</summary>
    public string? CurrentVersion()
    {
        string? target = new FileInfo(Current).LinkTarget;
        return target is null ? null : Path.GetFileName(target.TrimEnd('/'));
    }

    /// <summary>Points <c>current</c> at <c>releases/&lt;version&gt;</c> atomically: a new relative link, renamed over the old one (as <c>ln -sfn; mv -T</c>).</summary>
    public void SwitchCurrent(string version)
    {
        if (!Directory.Exists(ReleaseDirectory(version)))
        {
            throw new DirectoryNotFoundException($"There is no release {version} in {Releases}.");
        }

        string temp = Path.Combine(Root, "current.new");
        File.Delete(temp);
        File.CreateSymbolicLink(temp, "releases/" + version);
        if (Libc.Rename(temp, Current) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            File.Delete(temp);
            throw new IOException($"Cannot switch {Current} to releases/{version}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        AtomicFile.FsyncDirectory(Root);
    }

    /// <summary>Reads the one-line outcome of the last update, or null.</summary>
    public string? ReadMessage()
    {
        try
        {
            string text = File.ReadAllText(MessageFile).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void WriteMessage(string message) => AtomicFile.WriteAllText(MessageFile, message.ReplaceLineEndings(" ") + "\n");

    public void ClearMessage() => File.Delete(MessageFile);
}
