namespace FbDisplay.Linux;

internal static partial class Interop
{
    // linux/kd.h
    internal const uint KDSETMODE = 0x4B3A;
    internal const int KD_TEXT = 0x00;
    internal const int KD_GRAPHICS = 0x01;
}
