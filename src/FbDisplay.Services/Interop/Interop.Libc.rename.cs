using System.Runtime.InteropServices;

namespace FbDisplay.Services.Interop;

internal static partial class Libc
{
    /// <summary>rename(2): atomically replaces <paramref name="newPath"/>, a symbolic link itself included (File.Move would look through the link).</summary>
    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string oldPath, string newPath);
}
