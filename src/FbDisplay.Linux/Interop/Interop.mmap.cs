using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_SHARED = 0x01;
    internal static readonly nint MAP_FAILED = -1;

    // off_t is C long on every target here (armhf glibc without _FILE_OFFSET_BITS=64): nint. We always map from 0.
    [LibraryImport(Libc, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint mmap(nint address, nuint length, int protection, int flags, SafeFd fd, nint offset);
}
