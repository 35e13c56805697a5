using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    internal const int MS_SYNC = 4;

    [LibraryImport(Libc, EntryPoint = "msync", SetLastError = true)]
    internal static partial int msync(nint address, nuint length, int flags);
}
