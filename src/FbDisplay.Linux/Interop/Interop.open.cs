using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    [LibraryImport(Libc, EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open_int(string path, int flags, int mode);

    // The fd is a C int: a SafeHandle return would read a 64-bit register whose upper half is not sign-extended,
    // so -1 would look valid. Wrap it by hand instead.
    internal static SafeFd open(string path, int flags, int mode) => SafeFd.FromResult(open_int(path, flags, mode));
}
