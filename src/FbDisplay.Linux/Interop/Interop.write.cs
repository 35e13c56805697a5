using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    internal static unsafe partial nint write(SafeFd fd, void* buffer, nuint count);
}
