using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    internal static partial int close(int fd);
}
