using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    internal const ushort EV_SYN = 0x00;
    internal const ushort EV_KEY = 0x01;
    internal const ushort EV_ABS = 0x03;
    internal const ushort EV_MAX = 0x1f;
    internal const ushort SYN_REPORT = 0;
    internal const ushort SYN_DROPPED = 3;
    internal const ushort BTN_LEFT = 0x110;
    internal const ushort BTN_TOUCH = 0x14a;
    internal const ushort KEY_MAX = 0x2ff;
    internal const ushort ABS_X = 0x00;
    internal const ushort ABS_Y = 0x01;
    internal const ushort ABS_MT_SLOT = 0x2f;
    internal const ushort ABS_MT_POSITION_X = 0x35;
    internal const ushort ABS_MT_POSITION_Y = 0x36;
    internal const ushort ABS_MT_TRACKING_ID = 0x39;
    internal const ushort ABS_MAX = 0x3f;

    /// <summary>
    /// struct input_event: a struct timeval of two C longs, then type, code, value. 24 bytes on 64-bit, 16 on armhf
    /// (a 32-bit process on a 64-bit kernel also gets 16: the compat layer converts).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct input_event
    {
        public nint sec;
        public nint usec;
        public ushort type;
        public ushort code;
        public int value;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct input_absinfo
    {
        public int value;
        public int minimum;
        public int maximum;
        public int fuzz;
        public int flat;
        public int resolution;
    }

    internal static unsafe uint EVIOCGABS(int axis) => _IOR('E', 0x40 + (uint)axis, sizeof(input_absinfo));

    internal static uint EVIOCGBIT(int eventType, int length) => _IOC(IOC_READ, 'E', 0x20 + (uint)eventType, length);

    internal static uint EVIOCGKEY(int length) => _IOC(IOC_READ, 'E', 0x18, length);

    internal static uint EVIOCGNAME(int length) => _IOC(IOC_READ, 'E', 0x06, length);

    internal static uint EVIOCGRAB => _IOW('E', 0x90, sizeof(int));
}
