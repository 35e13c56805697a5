using System.Runtime.InteropServices;

namespace FbDisplay.TestSupport;

internal static partial class Posix
{
    public const int SigHup = 1;
    public const int SigInt = 2;
    public const int SigTerm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
