using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    internal const int EFD_NONBLOCK = O_NONBLOCK;
    internal const int EFD_CLOEXEC = O_CLOEXEC;

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    private static partial int eventfd_int(uint initialValue, int flags);

    internal static SafeFd eventfd(uint initialValue, int flags) => SafeFd.FromResult(eventfd_int(initialValue, flags));
}
