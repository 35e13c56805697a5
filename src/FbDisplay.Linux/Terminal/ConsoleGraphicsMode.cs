using System.Runtime.InteropServices;

namespace FbDisplay.Linux.Terminal;

/// <summary>
/// Switches the active virtual terminal to graphics mode (KDSETMODE KD_GRAPHICS) so the kernel console stops drawing
/// text and its cursor over the framebuffer, and back to text mode on Dispose. Without a usable tty it does nothing
/// and says why in <see cref="Message"/>.
/// </summary>
public sealed unsafe class ConsoleGraphicsMode : IDisposable
{
    private static readonly byte[] HideCursor = "\e[?25l"u8.ToArray();
    private static readonly byte[] ShowCursor = "\e[?25h"u8.ToArray();

    private SafeFd? _tty;

    private ConsoleGraphicsMode(SafeFd? tty, string path, string message)
    {
        _tty = tty;
        TtyPath = path;
        Message = message;
    }

    public string TtyPath { get; }

    /// <summary>True while the terminal is in graphics mode because of this instance.</summary>
    public bool IsActive => _tty is { IsClosed: false };

    /// <summary>What happened, for the log: "graphics mode on /dev/tty0" or why not.</summary>
    public string Message { get; }

    /// <summary>Enters graphics mode on <paramref name="ttyPath"/>; never throws for a missing or unusable tty.</summary>
    public static ConsoleGraphicsMode Enter(string ttyPath = "/dev/tty0")
    {
        ArgumentException.ThrowIfNullOrEmpty(ttyPath);
        SafeFd tty = Interop.open(ttyPath, Interop.O_RDWR | Interop.O_NOCTTY | Interop.O_CLOEXEC, 0);
        if (tty.IsInvalid && Marshal.GetLastPInvokeError() == Interop.EACCES)
        {
            // The consoles are root:tty 0620: the tty group may only write. KDSETMODE needs no read access, only
            // CAP_SYS_TTY_CONFIG (the unit grants it), so a write-only descriptor is enough.
            tty.Dispose();
            tty = Interop.open(ttyPath, Interop.O_WRONLY | Interop.O_NOCTTY | Interop.O_CLOEXEC, 0);
        }

        if (tty.IsInvalid)
        {
            var error = LinuxIoException.FromLastError(ttyPath, "open");
            tty.Dispose();
            return new ConsoleGraphicsMode(null, ttyPath, $"Console stays in text mode: {error.Message}");
        }

        if (Interop.ioctl(tty, Interop.KDSETMODE, Interop.KD_GRAPHICS) < 0)
        {
            var error = LinuxIoException.FromLastError(ttyPath, "KDSETMODE KD_GRAPHICS");
            tty.Dispose();
            return new ConsoleGraphicsMode(null, ttyPath, $"Console stays in text mode: {error.Message}");
        }

        Write(tty, HideCursor);
        return new ConsoleGraphicsMode(tty, ttyPath, $"Console in graphics mode on {ttyPath}.");
    }

    /// <summary>Restores text mode and the cursor. Cheap and safe to call twice (e.g. from a signal handler and a using).</summary>
    public void Dispose()
    {
        var tty = Interlocked.Exchange(ref _tty, null);
        if (tty is null)
        {
            return;
        }

        _ = Interop.ioctl(tty, Interop.KDSETMODE, Interop.KD_TEXT);
        Write(tty, ShowCursor);
        tty.Dispose();
    }

    private static void Write(SafeFd tty, byte[] bytes)
    {
        fixed (byte* p = bytes)
        {
            _ = Interop.write(tty, p, (nuint)bytes.Length);
        }
    }
}
