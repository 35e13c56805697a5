using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

/// <summary>A failed kernel call; the message names the device or interface, the call and the errno text.</summary>
public sealed class LinuxIoException : IOException
{
    public LinuxIoException()
    {
    }

    public LinuxIoException(string message)
        : base(message)
    {
    }

    public LinuxIoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LinuxIoException(string path, string operation, int errno)
        : base($"{path}: {operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        DevicePath = path;
        Errno = errno;
    }

    /// <summary>The device path or interface name the call was about.</summary>
    public string DevicePath { get; } = "";

    /// <summary>The C errno value, e.g. 19 (ENODEV) or 97 (EAFNOSUPPORT).</summary>
    public int Errno { get; }

    internal static LinuxIoException FromLastError(string path, string operation) =>
        new(path, operation, Marshal.GetLastPInvokeError());
}
