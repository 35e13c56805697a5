using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "bind", SetLastError = true)]
    internal static unsafe partial int bind(SafeFd socket, sockaddr_can* address, uint addressLength);
}
