using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    internal static unsafe partial nint read(SafeFd fd, void* buffer, nuint count);
}
