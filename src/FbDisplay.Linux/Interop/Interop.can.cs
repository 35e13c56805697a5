using System.Runtime.InteropServices;

namespace FbDisplay.Linux;

internal static partial class Interop
{
    internal const uint SIOCGIFINDEX = 0x8933;
    internal const int IFNAMSIZ = 16;

    /// <summary>
    /// struct sockaddr_can. The address union holds a u64 (J1939 name), so it is 8-aligned at offset 8 and the whole
    /// struct is 24 bytes on x86-64, arm64 and armhf (EABI aligns u64 to 8).
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct sockaddr_can
    {
        public ushort can_family;
        public int can_ifindex;
        public ulong j1939_name;
        public uint j1939_pgn;
        public byte j1939_addr;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct can_filter
    {
        public uint can_id;
        public uint can_mask;
    }

    /// <summary>struct ifmap: the union member of ifreq that holds C longs, so it sets ifreq's size (40 or 32).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ifmap
    {
        public nuint mem_start;
        public nuint mem_end;
        public ushort base_addr;
        public byte irq;
        public byte dma;
        public byte port;
    }

    [StructLayout(LayoutKind.Explicit)]
    internal unsafe struct ifreq_union
    {
        [FieldOffset(0)]
        public int ifr_ifindex;

        [FieldOffset(0)]
        public ifmap ifr_map;

        [FieldOffset(0)]
        public fixed byte ifr_addr[16];
    }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct ifreq
    {
        public fixed byte ifr_name[IFNAMSIZ];
        public ifreq_union ifr_ifru;
    }
}
