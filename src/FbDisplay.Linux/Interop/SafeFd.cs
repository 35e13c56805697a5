using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

/// <summary>An owned Linux file descriptor, closed exactly once.</summary>
internal sealed class SafeFd : SafeHandle
{
    public SafeFd()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == -1;

    /// <summary>The raw number, for poll(). Only valid while the owner keeps this handle alive.</summary>
    public int Number => (int)handle;

    protected override bool ReleaseHandle() => Interop.close((int)handle) == 0;
}
