using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    // ioctl is variadic in C; on x86-64, arm64 and armhf Linux a trailing pointer or int is passed like a fixed argument.
    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int ioctl(SafeFd fd, nuint request, void* argument);

    [LibraryImport(Libc, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int ioctl(SafeFd fd, nuint request, nint value);
}
