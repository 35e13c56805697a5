using System.Runtime.InteropServices;

namespace FbDisplay.Services.Interop;

/// <summary>The few libc calls the services need that .NET does not expose (fsync of a directory, mount of the BATTERY drive).</summary>
internal static partial class Libc
{
    public const int ORdOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    // mount(2) flags and umount2 flags: the same on x86-64, arm64 and armhf.
    public const uint MsRdOnly = 1;
    public const uint MsNoSuid = 2;
    public const uint MsNoDev = 4;
    public const uint MsNoExec = 8;
    public const int MntDetach = 2;

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fileSystemType, nuint flags, string data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);
}
