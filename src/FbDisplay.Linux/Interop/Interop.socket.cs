using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    internal const int AF_CAN = 29;
    internal const int SOCK_RAW = 3;
    internal const int SOCK_NONBLOCK = O_NONBLOCK;
    internal const int SOCK_CLOEXEC = O_CLOEXEC;
    internal const int CAN_RAW = 1;

    [LibraryImport(Libc, EntryPoint = "socket", SetLastError = true)]
    internal static partial SafeFd socket(int domain, int type, int protocol);
}
