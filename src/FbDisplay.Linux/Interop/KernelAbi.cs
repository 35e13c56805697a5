using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

/// <summary>
/// The ABI facts this assembly relies on, named as native/abi-probe.c prints them, so a test can diff the two.
/// <see cref="Host"/> reads the real interop structs; <see cref="ForPointerSize"/> computes the pointer-size
/// dependent layouts by the C rules, which lets a 64-bit test machine check the armhf numbers too.
/// </summary>
internal static class KernelAbi
{
    public static unsafe Dictionary<string, long> Host()
    {
        var facts = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["pointer"] = IntPtr.Size,
            ["sizeof.fb_var_screeninfo"] = sizeof(Interop.fb_var_screeninfo),
            ["offsetof.fb_var_screeninfo.bits_per_pixel"] = Offset<Interop.fb_var_screeninfo>(nameof(Interop.fb_var_screeninfo.bits_per_pixel)),
            ["offsetof.fb_var_screeninfo.red"] = Offset<Interop.fb_var_screeninfo>(nameof(Interop.fb_var_screeninfo.red)),
            ["offsetof.fb_var_screeninfo.transp"] = Offset<Interop.fb_var_screeninfo>(nameof(Interop.fb_var_screeninfo.transp)),
            ["offsetof.fb_var_screeninfo.rotate"] = Offset<Interop.fb_var_screeninfo>(nameof(Interop.fb_var_screeninfo.rotate)),
            ["sizeof.fb_fix_screeninfo"] = sizeof(Interop.fb_fix_screeninfo),
            ["offsetof.fb_fix_screeninfo.smem_start"] = Offset<Interop.fb_fix_screeninfo>(nameof(Interop.fb_fix_screeninfo.smem_start)),
            ["offsetof.fb_fix_screeninfo.smem_len"] = Offset<Interop.fb_fix_screeninfo>(nameof(Interop.fb_fix_screeninfo.smem_len)),
            ["offsetof.fb_fix_screeninfo.line_length"] = Offset<Interop.fb_fix_screeninfo>(nameof(Interop.fb_fix_screeninfo.line_length)),
            ["offsetof.fb_fix_screeninfo.mmio_start"] = Offset<Interop.fb_fix_screeninfo>(nameof(Interop.fb_fix_screeninfo.mmio_start)),
            ["offsetof.fb_fix_screeninfo.capabilities"] = Offset<Interop.fb_fix_screeninfo>(nameof(Interop.fb_fix_screeninfo.capabilities)),
            ["sizeof.input_event"] = sizeof(Interop.input_event),
            ["offsetof.input_event.type"] = Offset<Interop.input_event>(nameof(Interop.input_event.type)),
            ["offsetof.input_event.code"] = Offset<Interop.input_event>(nameof(Interop.input_event.code)),
            ["offsetof.input_event.value"] = Offset<Interop.input_event>(nameof(Interop.input_event.value)),
            ["sizeof.input_absinfo"] = sizeof(Interop.input_absinfo),
            ["offsetof.input_absinfo.minimum"] = Offset<Interop.input_absinfo>(nameof(Interop.input_absinfo.minimum)),
            ["offsetof.input_absinfo.maximum"] = Offset<Interop.input_absinfo>(nameof(Interop.input_absinfo.maximum)),
            ["sizeof.can_frame"] = Core.Can.LinuxCanFrameCodec.FrameSize,
            ["offsetof.can_frame.data"] = 8, // LinuxCanFrameCodec reads data at byte 8
            ["sizeof.sockaddr_can"] = sizeof(Interop.sockaddr_can),
            ["offsetof.sockaddr_can.can_ifindex"] = Offset<Interop.sockaddr_can>(nameof(Interop.sockaddr_can.can_ifindex)),
            ["sizeof.can_filter"] = sizeof(Interop.can_filter),
            ["sizeof.ifreq"] = sizeof(Interop.ifreq),
            ["offsetof.ifreq.ifr_ifindex"] = Offset<Interop.ifreq>(nameof(Interop.ifreq.ifr_ifru)),
            ["sizeof.pollfd"] = sizeof(Interop.pollfd),
            ["sizeof.statx"] = Interop.StatxSize,
            ["offsetof.statx.stx_mode"] = Interop.StatxModeOffset,

            ["FBIOGET_VSCREENINFO"] = Interop.FBIOGET_VSCREENINFO,
            ["FBIOGET_FSCREENINFO"] = Interop.FBIOGET_FSCREENINFO,
            ["EVIOCGABS(ABS_X)"] = Interop.EVIOCGABS(Interop.ABS_X),
            ["EVIOCGABS(ABS_MT_POSITION_X)"] = Interop.EVIOCGABS(Interop.ABS_MT_POSITION_X),
            ["EVIOCGBIT(EV_ABS,8)"] = Interop.EVIOCGBIT(Interop.EV_ABS, 8),
            ["EVIOCGBIT(EV_KEY,96)"] = Interop.EVIOCGBIT(Interop.EV_KEY, 96),
            ["EVIOCGKEY(96)"] = Interop.EVIOCGKEY(96),
            ["EVIOCGNAME(256)"] = Interop.EVIOCGNAME(256),
            ["EVIOCGRAB"] = Interop.EVIOCGRAB,
            ["KDSETMODE"] = Interop.KDSETMODE,
            ["KD_TEXT"] = Interop.KD_TEXT,
            ["KD_GRAPHICS"] = Interop.KD_GRAPHICS,
            ["SIOCGIFINDEX"] = Interop.SIOCGIFINDEX,

            ["EV_SYN"] = Interop.EV_SYN,
            ["EV_KEY"] = Interop.EV_KEY,
            ["EV_ABS"] = Interop.EV_ABS,
            ["SYN_REPORT"] = Interop.SYN_REPORT,
            ["SYN_DROPPED"] = Interop.SYN_DROPPED,
            ["BTN_LEFT"] = Interop.BTN_LEFT,
            ["BTN_TOUCH"] = Interop.BTN_TOUCH,
            ["ABS_X"] = Interop.ABS_X,
            ["ABS_Y"] = Interop.ABS_Y,
            ["ABS_MT_SLOT"] = Interop.ABS_MT_SLOT,
            ["ABS_MT_POSITION_X"] = Interop.ABS_MT_POSITION_X,
            ["ABS_MT_POSITION_Y"] = Interop.ABS_MT_POSITION_Y,
            ["ABS_MT_TRACKING_ID"] = Interop.ABS_MT_TRACKING_ID,
            ["ABS_MAX"] = Interop.ABS_MAX,
            ["KEY_MAX"] = Interop.KEY_MAX,

            ["AF_CAN"] = Interop.AF_CAN,
            ["SOCK_RAW"] = Interop.SOCK_RAW,
            ["CAN_RAW"] = Interop.CAN_RAW,
            ["SOL_CAN_RAW"] = Interop.SOL_CAN_RAW,
            ["CAN_RAW_FILTER"] = Interop.CAN_RAW_FILTER,
            ["CAN_RAW_RECV_OWN_MSGS"] = Interop.CAN_RAW_RECV_OWN_MSGS,
            ["ENOBUFS"] = Interop.ENOBUFS,
            ["O_RDWR"] = Interop.O_RDWR,
            ["O_NOCTTY"] = Interop.O_NOCTTY,
            ["O_NONBLOCK"] = Interop.O_NONBLOCK,
            ["O_CLOEXEC"] = Interop.O_CLOEXEC,
            ["EFD_NONBLOCK"] = Interop.EFD_NONBLOCK,
            ["EFD_CLOEXEC"] = Interop.EFD_CLOEXEC,
            ["POLLIN"] = Interop.POLLIN,
            ["POLLERR"] = Interop.POLLERR,
            ["POLLHUP"] = Interop.POLLHUP,
            ["POLLNVAL"] = Interop.POLLNVAL,
            ["PROT_READ"] = Interop.PROT_READ,
            ["PROT_WRITE"] = Interop.PROT_WRITE,
            ["MAP_SHARED"] = Interop.MAP_SHARED,
            ["MS_SYNC"] = Interop.MS_SYNC,
            ["AT_FDCWD"] = Interop.AT_FDCWD,
            ["STATX_TYPE"] = Interop.STATX_TYPE,
        };
        return facts;
    }

    /// <summary>The layouts that depend on the size of a C long, computed by the C struct rules.</summary>
    public static Dictionary<string, long> ForPointerSize(int pointerSize)
    {
        if (pointerSize is not (4 or 8))
        {
            throw new ArgumentOutOfRangeException(nameof(pointerSize), pointerSize, "Only 32- and 64-bit targets exist here.");
        }

        int c_long = pointerSize;
        var fix = new CLayout();
        fix.Field(16, 1); // id
        long smemStart = fix.Field(c_long, c_long);
        long smemLen = fix.Field(4, 4);
        fix.Field(4, 4); // type
        fix.Field(4, 4); // type_aux
        fix.Field(4, 4); // visual
        fix.Field(2, 2); // xpanstep
        fix.Field(2, 2); // ypanstep
        fix.Field(2, 2); // ywrapstep
        long lineLength = fix.Field(4, 4);
        long mmioStart = fix.Field(c_long, c_long);
        fix.Field(4, 4); // mmio_len
        fix.Field(4, 4); // accel
        long capabilities = fix.Field(2, 2);
        fix.Field(4, 2); // reserved[2]

        var ev = new CLayout();
        ev.Field(c_long, c_long); // tv_sec
        ev.Field(c_long, c_long); // tv_usec
        long type = ev.Field(2, 2);
        long code = ev.Field(2, 2);
        long value = ev.Field(4, 4);

        var map = new CLayout();
        map.Field(c_long, c_long);
        map.Field(c_long, c_long);
        map.Field(2, 2);
        map.Field(1, 1);
        map.Field(1, 1);
        map.Field(1, 1);
        var ifr = new CLayout();
        ifr.Field(16, 1); // ifr_name
        long ifindex = ifr.Field(Math.Max(16, map.Size), Math.Max(4, map.Align)); // union: sockaddr, int, ifmap, ...

        var can = new CLayout();
        can.Field(2, 2); // can_family
        long canIfindex = can.Field(4, 4);
        can.Field(16, 8); // can_addr union: the j1939 member holds a u64, 8-aligned on x86-64 and ARM EABI

        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["sizeof.fb_fix_screeninfo"] = fix.Size,
            ["offsetof.fb_fix_screeninfo.smem_start"] = smemStart,
            ["offsetof.fb_fix_screeninfo.smem_len"] = smemLen,
            ["offsetof.fb_fix_screeninfo.line_length"] = lineLength,
            ["offsetof.fb_fix_screeninfo.mmio_start"] = mmioStart,
            ["offsetof.fb_fix_screeninfo.capabilities"] = capabilities,
            ["sizeof.input_event"] = ev.Size,
            ["offsetof.input_event.type"] = type,
            ["offsetof.input_event.code"] = code,
            ["offsetof.input_event.value"] = value,
            ["sizeof.ifreq"] = ifr.Size,
            ["offsetof.ifreq.ifr_ifindex"] = ifindex,
            ["sizeof.sockaddr_can"] = can.Size,
            ["offsetof.sockaddr_can.can_ifindex"] = canIfindex,
        };
    }

    private static long Offset<T>(string field) => Marshal.OffsetOf<T>(field);

    /// <summary>Lays out a C struct field by field: each at the next multiple of its alignment.</summary>
    private sealed class CLayout
    {
        private long _next;

        public int Align { get; private set; } = 1;

        public int Size => (int)RoundUp(_next, Align);

        public long Field(int size, int align)
        {
            long offset = RoundUp(_next, align);
            _next = offset + size;
            Align = Math.Max(Align, align);
            return offset;
        }

        private static long RoundUp(long value, int align) => (value + align - 1) / align * align;
    }
}
