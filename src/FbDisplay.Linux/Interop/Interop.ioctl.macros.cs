namespace FbDisplay.Linux;

internal static partial class Interop
{
    // The generic asm-generic/ioctl.h encoding, used by x86 and ARM alike: nr 8 bits, type 8, size 14, dir 2.
    internal const int IOC_NRBITS = 8;
    internal const int IOC_TYPEBITS = 8;
    internal const int IOC_SIZEBITS = 14;
    internal const int IOC_NRSHIFT = 0;
    internal const int IOC_TYPESHIFT = IOC_NRSHIFT + IOC_NRBITS;
    internal const int IOC_SIZESHIFT = IOC_TYPESHIFT + IOC_TYPEBITS;
    internal const int IOC_DIRSHIFT = IOC_SIZESHIFT + IOC_SIZEBITS;
    internal const uint IOC_NONE = 0;
    internal const uint IOC_WRITE = 1;
    internal const uint IOC_READ = 2;

    internal static uint _IOC(uint dir, char type, uint nr, int size)
    {
        if (size < 0 || size >= 1 << IOC_SIZEBITS)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "An ioctl argument size must fit in 14 bits.");
        }

        return (dir << IOC_DIRSHIFT) | ((uint)type << IOC_TYPESHIFT) | (nr << IOC_NRSHIFT) | ((uint)size << IOC_SIZESHIFT);
    }

    internal static uint _IO(char type, uint nr) => _IOC(IOC_NONE, type, nr, 0);

    internal static uint _IOR(char type, uint nr, int size) => _IOC(IOC_READ, type, nr, size);

    internal static uint _IOW(char type, uint nr, int size) => _IOC(IOC_WRITE, type, nr, size);
}
