using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;

namespace FbDisplay.Services.Udp;

/// <summary>
/// Listens for the controller's 24-byte datagrams on all addresses (broadcast and unicast), on its own thread, and
/// hands parsed frames to the UI thread over a bounded channel. Shares the port with other listeners on the host
/// (SO_REUSEADDR) and remembers the source of the last well-formed datagram. That source is not the controller: any
/// host can send one datagram; <see cref="FbDisplay.Core.Can.ControllerAddressTracker"/> decides who the controller is.
/// </summary>
public sealed class UdpCanSource : IDisposable
{
    private readonly int _port;
    private readonly ChannelWriter<ReceivedFrame> _output;
    private readonly FrameCounters _counters;
    private readonly TimeProvider _time;
    private readonly Action? _onFrame;
    private readonly Action<string> _log;
    private long _restarts;
    private readonly Socket _socket;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private uint _lastSource;
    private long _ownInode;

    /// <param name="onFrame">Called after each frame is queued, to wake the UI thread.</param>
    /// <param name="log">Told when the reader crashed and was restarted.</param>
    public UdpCanSource(int port, ChannelWriter<ReceivedFrame> output, FrameCounters counters, TimeProvider time, Action? onFrame = null, Action<string>? log = null)
    {
        _log = log ?? (_ => { });
        _port = port;
        _output = output;
        _counters = counters;
        _time = time;
        _onFrame = onFrame;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _socket.EnableBroadcast = true;
            _socket.ReceiveBufferSize = 1 << 20; // absorbs bursts while the reader is descheduled
            _socket.Bind(new IPEndPoint(IPAddress.Any, port));
        }
        catch (SocketException e)
        {
            _socket.Dispose();
            throw new IOException($"Cannot listen on UDP port {port.ToString(CultureInfo.InvariantCulture)}: {e.Message} (errno {e.NativeErrorCode.ToString(CultureInfo.InvariantCulture)})", e);
        }

        LocalPort = ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _thread = new Thread(Supervise) { IsBackground = true, Name = $"udp:{LocalPort.ToString(CultureInfo.InvariantCulture)}" };
    }

    /// <summary>The bound port (the configured one, or the one the OS chose for port 0).</summary>
    public int LocalPort { get; }

    /// <summary>The IPv4 source of the last well-formed datagram, or null (not necessarily the controller).</summary>
    public IPAddress? LastSourceAddress
    {
        get
        {
            uint a = Volatile.Read(ref _lastSource);
            return a == 0 ? null : new IPAddress(a);
        }
    }

    /// <summary>Fatal error of the receive thread, if it ended on one.</summary>
    public string? LastError { get; private set; }

    /// <summary>How often the reader crashed and was restarted.</summary>
    public long Restarts => Interlocked.Read(ref _restarts);

    public void Start() => _thread.Start();

    /// <summary>A bug in the reader must not take the display down (an unhandled exception on a thread would): log it and go on.</summary>
    private void Supervise()
    {
        while (!_stopping)
        {
            try
            {
                ReceiveLoop();
            }
            catch (Exception e) when (!_stopping)
            {
                Interlocked.Increment(ref _restarts);
                LastError = e.Message;
                _log($"UDP reader on port {LocalPort.ToString(CultureInfo.InvariantCulture)} crashed ({e.GetType().Name}: {e.Message}); restarting in 1 s.");
                Task.Delay(TimeSpan.FromSeconds(1), _time).Wait();
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _socket.Dispose(); // unblocks ReceiveFrom
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Datagrams the kernel dropped for this socket because its buffer was full (from /proc/net/udp).</summary>
    public long KernelDrops() => ProcNetUdp.ReadDrops(LocalPort, OwnInode);

    /// <summary>
    /// Other sockets bound to this port (SO_REUSEADDR lets any local process do so), each with its owner: "python3 (pid
    /// 812), user pi (uid 1000), on 0.0.0.0:6500". Broadcasts reach every one of them; a unicast datagram reaches only
    /// one, which may not be us. Reads /proc; call from a background thread.
    /// </summary>
    public IReadOnlyList<string> PortSharers() => ProcNetUdp.OtherSockets(LocalPort, OwnInode);

    private long OwnInode => _ownInode != 0 ? _ownInode : _ownInode = ProcNetUdp.InodeOf(_socket.SafeHandle.DangerousGetHandle());

    private void ReceiveLoop()
    {
        byte[] buffer = GC.AllocateArray<byte>(2048, pinned: true);
        var address = new SocketAddress(AddressFamily.InterNetwork);
        while (!_stopping)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
            }
            catch (SocketException) when (_stopping)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // ICMP-induced errors (ECONNREFUSED) and the like do not end listening.
                LastError = e.Message;
                continue;
            }

            _counters.CountReceived();
            FrameRejectReason reason = EvtvUdpCodec.TryParse(buffer.AsSpan(0, n), out CanFrame frame);
            if (reason != FrameRejectReason.None)
            {
                _counters.CountRejected(reason);
                continue;
            }

            // sockaddr_in: family(2) port(2) addr(4), address in network order.
            uint source = BinaryPrimitives.ReadUInt32LittleEndian(address.Buffer.Span[4..8]);
            Volatile.Write(ref _lastSource, source);
            _output.TryWrite(new ReceivedFrame(frame, FrameTransport.Udp, source, _time.GetTimestamp()));
            _onFrame?.Invoke();
        }
    }
}
