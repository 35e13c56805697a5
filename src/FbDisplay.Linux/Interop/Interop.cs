namespace FbDisplay.Linux;

/// <summary>
/// P/Invoke into glibc. One file per call; kernel struct and constant names stay as the kernel spells them so they can
/// be checked against the C headers (see native/abi-probe.c).
/// </summary>
internal static partial class Interop
{
    internal const string Libc = "libc";

    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int EACCES = 13;
    internal const int EAGAIN = 11;
    internal const int ENODEV = 19;
    internal const int ENOTTY = 25;
    internal const int EAFNOSUPPORT = 97;
    internal const int ENETDOWN = 100;
    internal const int ENOBUFS = 105;

    internal const int O_RDONLY = 0x0;
    internal const int O_WRONLY = 0x1;
    internal const int O_RDWR = 0x2;
    internal const int O_NOCTTY = 0x100;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;
}
