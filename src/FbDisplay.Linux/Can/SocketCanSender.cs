using FbDisplay.Core.Can;

namespace FbDisplay.Linux.Can;

/// <summary>Writes classic CAN frames to a SocketCAN interface (the simulator's transmit side).</summary>
public sealed unsafe class SocketCanSender : IDisposable
{
    private readonly SafeFd _socket;

    private SocketCanSender(SafeFd socket, string interfaceName)
    {
        _socket = socket;
        InterfaceName = interfaceName;
    }

    public string InterfaceName { get; }

    /// <summary>Opens a blocking raw socket bound to <paramref name="interfaceName"/>; throws <see cref="LinuxIoException"/> if the kernel says no.</summary>
    public static SocketCanSender Open(string interfaceName) =>
        new(CanSocket.Open(interfaceName, acceptIds: [], nonBlocking: false), interfaceName);

    /// <summary>Sends one frame; blocks while the interface's transmit queue is full.</summary>
    public void Send(in CanFrame frame)
    {
        ObjectDisposedException.ThrowIf(_socket.IsClosed, this);
        byte* raw = stackalloc byte[LinuxCanFrameCodec.FrameSize];
        LinuxCanFrameCodec.Write(frame, new Span<byte>(raw, LinuxCanFrameCodec.FrameSize));
        nint written = Interop.write(_socket, raw, LinuxCanFrameCodec.FrameSize);
        if (written < 0)
        {
            throw LinuxIoException.FromLastError(InterfaceName, "write");
        }

        if (written != LinuxCanFrameCodec.FrameSize)
        {
            throw new LinuxIoException($"{InterfaceName}: short write of a CAN frame ({written} of {LinuxCanFrameCodec.FrameSize} bytes).");
        }
    }

    public void Dispose() => _socket.Dispose();
}
