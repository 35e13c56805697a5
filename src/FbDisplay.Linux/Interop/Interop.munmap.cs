using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int munmap(nint address, nuint length);
}
