using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    // Tests stand a pipe in for an evdev device to drive the reader thread.
    [LibraryImport(Libc, EntryPoint = "pipe2", SetLastError = true)]
    internal static unsafe partial int pipe2(int* fds, int flags);
}
