using System.Runtime.InteropServices;

namespace FbDisplay.Services.Interop;

/// <summary>The few libc calls the services need that .NET does not expose (fsync of a directory).</summary>
internal static partial class Libc
{
    public const int ORdOnly = 0;
    public const int ODirectory = 0x10000; // same value on x86-64, arm64 and armhf (asm-generic)

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
