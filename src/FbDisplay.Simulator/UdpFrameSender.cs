using System.Net;
using System.Net.Sockets;
using FbDisplay.Core.Can;

namespace FbDisplay.Simulator;

/// <summary>Sends frames as the controller does: one 24-byte datagram each, broadcast or unicast.</summary>
public sealed class UdpFrameSender : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly SocketAddress _target;
    private readonly byte[] _buffer = new byte[EvtvUdpCodec.DatagramLength];

    public UdpFrameSender(IPAddress target, int port)
    {
        _socket.EnableBroadcast = true;
        _target = new IPEndPoint(target, port).Serialize();
    }

    public long Sent { get; private set; }

    public void Send(in CanFrame frame, uint timestamp = 0)
    {
        EvtvUdpCodec.Write(frame, _buffer, timestamp);
        SendRaw(_buffer);
    }

    /// <summary>Sends arbitrary bytes (malformed-input tests).</summary>
    public void SendRaw(ReadOnlySpan<byte> datagram)
    {
        _socket.SendTo(datagram, SocketFlags.None, _target);
        Sent++;
    }

    public void Dispose() => _socket.Dispose();
}
