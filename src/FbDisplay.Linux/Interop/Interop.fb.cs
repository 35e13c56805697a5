using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    // linux/fb.h: the fb ioctls predate _IOR and are plain numbers.
    internal const uint FBIOGET_VSCREENINFO = 0x4600;
    internal const uint FBIOGET_FSCREENINFO = 0x4602;

    [StructLayout(LayoutKind.Sequential)]
    internal struct fb_bitfield
    {
        public uint offset;
        public uint length;
        public uint msb_right;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct fb_var_screeninfo
    {
        public uint xres;
        public uint yres;
        public uint xres_virtual;
        public uint yres_virtual;
        public uint xoffset;
        public uint yoffset;
        public uint bits_per_pixel;
        public uint grayscale;
        public fb_bitfield red;
        public fb_bitfield green;
        public fb_bitfield blue;
        public fb_bitfield transp;
        public uint nonstd;
        public uint activate;
        public uint height;
        public uint width;
        public uint accel_flags;
        public uint pixclock;
        public uint left_margin;
        public uint right_margin;
        public uint upper_margin;
        public uint lower_margin;
        public uint hsync_len;
        public uint vsync_len;
        public uint sync;
        public uint vmode;
        public uint rotate;
        public uint colorspace;
        public fixed uint reserved[4];
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct fb_fix_screeninfo
    {
        public fixed byte id[16];
        public nuint smem_start; // unsigned long
        public uint smem_len;
        public uint type;
        public uint type_aux;
        public uint visual;
        public ushort xpanstep;
        public ushort ypanstep;
        public ushort ywrapstep;
        public uint line_length;
        public nuint mmio_start; // unsigned long
        public uint mmio_len;
        public uint accel;
        public ushort capabilities;
        public fixed ushort reserved[2];
    }
}
