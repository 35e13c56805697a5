using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    internal const int SOL_CAN_RAW = 101; // SOL_CAN_BASE + CAN_RAW
    internal const int CAN_RAW_FILTER = 1;
    internal const int CAN_RAW_RECV_OWN_MSGS = 4;

    [LibraryImport(Libc, EntryPoint = "setsockopt", SetLastError = true)]
    internal static unsafe partial int setsockopt(SafeFd socket, int level, int name, void* value, uint valueLength);
}
