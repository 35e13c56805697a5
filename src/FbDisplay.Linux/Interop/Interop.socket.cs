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
    private static partial int socket_int(int domain, int type, int protocol);

    internal static SafeFd socket(int domain, int type, int protocol) => SafeFd.FromResult(socket_int(domain, type, protocol));
}
