using System.Runtime.InteropServices;
using FbDisplay.Core.Can;
using FbDisplay.Core.Inverter;

namespace FbDisplay.Linux.Can;

/// <summary>
/// The inverter link's socket: non-blocking, transmit-only (<see cref="CanSocket.OpenTransmitOnly"/>), opened on the
/// first send and again after <see cref="Close"/>. Every failure is answered with its errno, never thrown; a failed open
/// is also written to the log callback with the kernel's words ("can1: SIOCGIFINDEX failed: No such device (errno 19)").
/// </summary>
public sealed unsafe class SocketCanTransmitter(string interfaceName, Action<string>? log = null) : ICanTransmitter, IDisposable
{
    private readonly Action<string> _log = log ?? (_ => { });
    private SafeFd? _socket;

    public string InterfaceName { get; } = interfaceName;

    public int TryOpen()
    {
        if (_socket is { IsClosed: false })
        {
            return 0;
        }

        try
        {
            _socket = CanSocket.OpenTransmitOnly(InterfaceName);
            _log($"Inverter link: sending on {InterfaceName}.");
            return 0;
        }
        catch (LinuxIoException e)
        {
            _log(e.Message);
            return e.Errno == 0 ? Interop.ENODEV : e.Errno;
        }
        catch (ArgumentException e)
        {
            _log(e.Message);
            return Interop.ENODEV;
        }
    }

    public int TrySend(in CanFrame frame)
    {
        if (_socket is not { IsClosed: false } socket)
        {
            return Interop.ENETDOWN;
        }

        byte* raw = stackalloc byte[LinuxCanFrameCodec.FrameSize];
        LinuxCanFrameCodec.Write(frame, new Span<byte>(raw, LinuxCanFrameCodec.FrameSize));
        nint written = Interop.write(socket, raw, LinuxCanFrameCodec.FrameSize);
        if (written < 0)
        {
            return Marshal.GetLastPInvokeError(); // ENOBUFS: transmit queue full (a bus-off controller never drains it)
        }

        return written == LinuxCanFrameCodec.FrameSize ? 0 : Interop.EIO;
    }

    public void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    public void Dispose() => Close();
}
