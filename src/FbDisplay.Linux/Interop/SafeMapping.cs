using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

/// <summary>An mmap'ed region, unmapped exactly once.</summary>
internal sealed class SafeMapping : SafeHandle
{
    private SafeMapping(nint address, nuint length)
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    public override bool IsInvalid => handle == -1 || handle == 0;

    public nuint Length { get; }

    public nint Address => handle;

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="fd"/> shared, read-write, from offset 0.</summary>
    public static SafeMapping Map(SafeFd fd, nuint length, string pathForErrors)
    {
        nint address = Interop.mmap(0, length, Interop.PROT_READ | Interop.PROT_WRITE, Interop.MAP_SHARED, fd, 0);
        if (address == Interop.MAP_FAILED)
        {
            throw LinuxIoException.FromLastError(pathForErrors, $"mmap of {length} bytes");
        }

        return new SafeMapping(address, length);
    }

    /// <summary>Writes dirty pages back to the file (only matters for a file standing in for a framebuffer).</summary>
    public void Sync() => _ = Interop.msync(handle, Length, Interop.MS_SYNC);

    protected override bool ReleaseHandle() => Interop.munmap(handle, Length) == 0;
}
