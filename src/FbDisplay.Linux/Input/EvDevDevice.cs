using System.Text;
using FbDisplay.Core.Input;

namespace FbDisplay.Linux.Input;

/// <summary>An open evdev node that reports absolute positions, with the axis ranges the decoder needs.</summary>
internal sealed unsafe class EvDevDevice : IDisposable
{
    private const int AbsBitsBytes = (Interop.ABS_MAX + 8) / 8;
    private const int KeyBitsBytes = (Interop.KEY_MAX + 8) / 8;

    internal EvDevDevice(SafeFd fd, string path, string name, TouchAxis x, TouchAxis y)
    {
        Fd = fd;
        Path = path;
        Name = name;
        X = x;
        Y = y;
    }

    public SafeFd Fd { get; }

    public string Path { get; }

    public string Name { get; }

    public TouchAxis X { get; }

    public TouchAxis Y { get; }

    /// <summary>
    /// Opens <paramref name="path"/> if it reports ABS_MT_POSITION_X or ABS_X; null when it does not (a keyboard).
    /// Throws <see cref="LinuxIoException"/> when the node cannot be opened or queried.
    /// </summary>
    public static EvDevDevice? TryOpen(string path, bool grab)
    {
        SafeFd fd = Interop.open(path, Interop.O_RDONLY | Interop.O_NONBLOCK | Interop.O_CLOEXEC, 0);
        if (fd.IsInvalid)
        {
            var error = LinuxIoException.FromLastError(path, "open");
            fd.Dispose();
            throw error;
        }

        try
        {
            byte* absBits = stackalloc byte[AbsBitsBytes];
            new Span<byte>(absBits, AbsBitsBytes).Clear();
            if (Interop.ioctl(fd, Interop.EVIOCGBIT(Interop.EV_ABS, AbsBitsBytes), absBits) < 0)
            {
                throw LinuxIoException.FromLastError(path, "EVIOCGBIT(EV_ABS)");
            }

            bool multitouch = HasBit(absBits, Interop.ABS_MT_POSITION_X) && HasBit(absBits, Interop.ABS_MT_POSITION_Y);
            bool single = HasBit(absBits, Interop.ABS_X) && HasBit(absBits, Interop.ABS_Y);
            if (!multitouch && !single)
            {
                fd.Dispose();
                return null;
            }

            var x = Axis(fd, path, multitouch ? Interop.ABS_MT_POSITION_X : Interop.ABS_X);
            var y = Axis(fd, path, multitouch ? Interop.ABS_MT_POSITION_Y : Interop.ABS_Y);
            string name = ReadName(fd);
            if (grab && Interop.ioctl(fd, Interop.EVIOCGRAB, 1) < 0)
            {
                throw LinuxIoException.FromLastError(path, "EVIOCGRAB");
            }

            return new EvDevDevice(fd, path, name, x, y);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Whether BTN_TOUCH or BTN_LEFT is held right now (to recover a release lost to SYN_DROPPED).</summary>
    public bool IsTouching()
    {
        byte* keys = stackalloc byte[KeyBitsBytes];
        new Span<byte>(keys, KeyBitsBytes).Clear();
        if (Interop.ioctl(Fd, Interop.EVIOCGKEY(KeyBitsBytes), keys) < 0)
        {
            throw LinuxIoException.FromLastError(Path, "EVIOCGKEY");
        }

        return HasBit(keys, Interop.BTN_TOUCH) || HasBit(keys, Interop.BTN_LEFT);
    }

    public void Dispose() => Fd.Dispose();

    private static bool HasBit(byte* bits, int bit) => (bits[bit / 8] & (1 << (bit % 8))) != 0;

    private static TouchAxis Axis(SafeFd fd, string path, int axis)
    {
        Interop.input_absinfo info;
        if (Interop.ioctl(fd, Interop.EVIOCGABS(axis), &info) < 0)
        {
            throw LinuxIoException.FromLastError(path, $"EVIOCGABS({axis:x2})");
        }

        return new TouchAxis(info.minimum, info.maximum);
    }

    private static string ReadName(SafeFd fd)
    {
        byte* name = stackalloc byte[256];
        int length = Interop.ioctl(fd, Interop.EVIOCGNAME(256), name);
        if (length <= 0)
        {
            return "(unnamed)";
        }

        var bytes = new ReadOnlySpan<byte>(name, Math.Min(length, 256));
        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end >= 0 ? bytes[..end] : bytes);
    }

    /// <summary>The event nodes under <paramref name="directory"/> in kernel order (event2 before event10).</summary>
    public static IEnumerable<string> EventNodes(string directory) =>
        Directory.EnumerateFiles(directory, "event*")
            .Select(p => (Path: p, Number: int.TryParse(System.IO.Path.GetFileName(p).AsSpan(5), out int n) ? n : int.MaxValue))
            .OrderBy(e => e.Number)
            .ThenBy(e => e.Path, StringComparer.Ordinal)
            .Select(e => e.Path);
}
