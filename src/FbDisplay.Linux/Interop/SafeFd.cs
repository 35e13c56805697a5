using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

/// <summary>An owned Linux file descriptor, closed exactly once.</summary>
internal sealed class SafeFd : SafeHandle
{
    public SafeFd()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    /// <summary>Wraps the int a libc call returned; -1 gives an invalid handle (errno is still intact).</summary>
    public static SafeFd FromResult(int fd)
    {
        var handle = new SafeFd();
        handle.SetHandle(fd);
        return handle;
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>The raw number, for poll(). Only valid while the owner keeps this handle alive.</summary>
    public int Number => (int)handle;

    protected override bool ReleaseHandle() => Interop.close((int)handle) == 0;
}
