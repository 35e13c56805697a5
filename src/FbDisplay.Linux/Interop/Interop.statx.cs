using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    internal const int AT_FDCWD = -100;
    internal const uint STATX_TYPE = 0x1;
    internal const uint STATX_SIZE = 0x200;
    internal const int S_IFMT = 0xF000;
    internal const int S_IFCHR = 0x2000;
    internal const int S_IFREG = 0x8000;

    // statx, unlike stat, has one layout on every architecture, so it needs no per-ABI struct.
    internal const int StatxSize = 256;
    internal const int StatxModeOffset = 28;

    [LibraryImport(Libc, EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static unsafe partial int statx(int directoryFd, string path, int flags, uint mask, byte* buffer);
}
