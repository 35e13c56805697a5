using System.Text;

namespace FbDisplay.Linux.Can;

/// <summary>Opens raw CAN sockets bound to one interface.</summary>
internal static unsafe class CanSocket
{
    /// <summary>
    /// socket(AF_CAN), SIOCGIFINDEX, CAN_RAW_FILTER (when <paramref name="acceptIds"/> is given: exact 11-bit data
    /// frames only), bind. Closes the socket if any later step fails.
    /// </summary>
    public static SafeFd Open(string interfaceName, ReadOnlySpan<uint> acceptIds, bool nonBlocking) =>
        Open(interfaceName, acceptIds, nonBlocking, transmitOnly: false);

    /// <summary>
    /// A socket that only sends: an empty CAN_RAW_FILTER (the kernel queues nothing for it to read) and
    /// CAN_RAW_RECV_OWN_MSGS off (its own frames never come back to it). Loopback to other local sockets stays on, so
    /// candump on the same machine, and vcan, see the frames.
    /// </summary>
    public static SafeFd OpenTransmitOnly(string interfaceName) => Open(interfaceName, [], nonBlocking: true, transmitOnly: true);

    private static SafeFd Open(string interfaceName, ReadOnlySpan<uint> acceptIds, bool nonBlocking, bool transmitOnly)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        if (Encoding.UTF8.GetByteCount(interfaceName) >= Interop.IFNAMSIZ)
        {
            throw new ArgumentException($"CAN interface name '{interfaceName}' is longer than {Interop.IFNAMSIZ - 1} bytes.", nameof(interfaceName));
        }

        int type = Interop.SOCK_RAW | Interop.SOCK_CLOEXEC | (nonBlocking ? Interop.SOCK_NONBLOCK : 0);
        SafeFd fd = Interop.socket(Interop.AF_CAN, type, Interop.CAN_RAW);
        if (fd.IsInvalid)
        {
            var error = LinuxIoException.FromLastError(interfaceName, "socket(AF_CAN, SOCK_RAW, CAN_RAW)");
            fd.Dispose();
            throw error;
        }

        try
        {
            Interop.ifreq request = default;
            Encoding.UTF8.GetBytes(interfaceName, new Span<byte>(request.ifr_name, Interop.IFNAMSIZ - 1));
            if (Interop.ioctl(fd, Interop.SIOCGIFINDEX, &request) < 0)
            {
                throw LinuxIoException.FromLastError(interfaceName, "SIOCGIFINDEX");
            }

            if (!acceptIds.IsEmpty)
            {
                var filters = stackalloc Interop.can_filter[acceptIds.Length];
                for (int i = 0; i < acceptIds.Length; i++)
                {
                    // Matching the EFF and RTR flags too keeps extended and remote frames with the same low bits out.
                    filters[i] = new Interop.can_filter
                    {
                        can_id = acceptIds[i] & Core.Can.LinuxCanFrameCodec.SffMask,
                        can_mask = Core.Can.LinuxCanFrameCodec.SffMask | Core.Can.LinuxCanFrameCodec.EffFlag | Core.Can.LinuxCanFrameCodec.RtrFlag,
                    };
                }

                uint length = (uint)(acceptIds.Length * sizeof(Interop.can_filter));
                if (Interop.setsockopt(fd, Interop.SOL_CAN_RAW, Interop.CAN_RAW_FILTER, filters, length) < 0)
                {
                    throw LinuxIoException.FromLastError(interfaceName, "setsockopt(CAN_RAW_FILTER)");
                }
            }

            if (transmitOnly)
            {
                if (Interop.setsockopt(fd, Interop.SOL_CAN_RAW, Interop.CAN_RAW_FILTER, null, 0) < 0)
                {
                    throw LinuxIoException.FromLastError(interfaceName, "setsockopt(CAN_RAW_FILTER, none)");
                }

                int off = 0;
                if (Interop.setsockopt(fd, Interop.SOL_CAN_RAW, Interop.CAN_RAW_RECV_OWN_MSGS, &off, sizeof(int)) < 0)
                {
                    throw LinuxIoException.FromLastError(interfaceName, "setsockopt(CAN_RAW_RECV_OWN_MSGS)");
                }
            }

            var address = new Interop.sockaddr_can { can_family = Interop.AF_CAN, can_ifindex = request.ifr_ifru.ifr_ifindex };
            if (Interop.bind(fd, &address, (uint)sizeof(Interop.sockaddr_can)) < 0)
            {
                throw LinuxIoException.FromLastError(interfaceName, "bind");
            }

            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }
}
