using System.Runtime.InteropServices;
using System.Threading.Channels;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;

namespace FbDisplay.Linux.Can;

/// <summary>
/// Reads battery frames from a SocketCAN interface (can0, vcan0) on its own thread, with kernel filters for the ids
/// of the battery protocol (<see cref="BatteryFilters.For"/>), and writes them to the frame channel. A missing interface or a kernel without
/// CAN is reported (<see cref="LastError"/>) and retried on a backoff; it never takes the process down.
/// </summary>
public sealed class SocketCanSource : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private readonly string _interfaceName;
    private readonly ChannelWriter<ReceivedFrame> _writer;
    private readonly FrameCounters _counters;
    private readonly TimeProvider _time;
    private readonly Action<string> _log;
    private readonly ReaderLoop _loop;
    private readonly uint[] _acceptIds;
    private volatile string? _lastError;
    private volatile bool _connected;

    /// <summary>Starts reading <paramref name="interfaceName"/> at once; problems go to <paramref name="log"/> and <see cref="LastError"/>.</summary>
    public SocketCanSource(
        string interfaceName, ChannelWriter<ReceivedFrame> writer, FrameCounters counters, TimeProvider time, Action<string>? log = null,
        BatteryProtocol protocol = BatteryProtocol.Auto)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(time);
        _interfaceName = interfaceName;
        _writer = writer;
        _counters = counters;
        _time = time;
        _log = log ?? (_ => { });
        _acceptIds = BatteryFilters.For(protocol);
        _loop = new ReaderLoop("socketcan " + interfaceName, time, new Backoff(FirstRetry, LastRetry), Run, Report);
        _loop.Start();
    }

    public string InterfaceName => _interfaceName;

    /// <summary>True while the socket is bound and reading.</summary>
    public bool IsConnected => _connected;

    /// <summary>The most recent problem ("can0: SIOCGIFINDEX failed: No such device (errno 19)"); null until one happens.</summary>
    public string? LastError => _lastError;

    /// <summary>How many times the reader has tried to open the socket.</summary>
    internal int Attempts => _loop.Attempts;

    public void Dispose() => _loop.Dispose();

    private void Report(string message)
    {
        _lastError = message;
        _log(message + " Retrying.");
    }

    private unsafe void Run(ReaderLoop loop)
    {
        using var socket = CanSocket.Open(_interfaceName, _acceptIds, nonBlocking: true);
        _connected = true;
        _log($"SocketCAN: reading {_interfaceName}.");
        loop.Connected();
        byte* frame = stackalloc byte[LinuxCanFrameCodec.FrameSize];
        try
        {
            while (loop.WaitForInput(socket, _interfaceName))
            {
                // One frame per read on a raw CAN socket; drain everything queued before polling again.
                while (true)
                {
                    nint n = Interop.read(socket, frame, LinuxCanFrameCodec.FrameSize);
                    if (n < 0)
                    {
                        int errno = Marshal.GetLastPInvokeError();
                        if (errno is Interop.EAGAIN or Interop.EINTR)
                        {
                            break;
                        }

                        throw new LinuxIoException(_interfaceName, "read", errno); // ENETDOWN: interface went down
                    }

                    Accept(new ReadOnlySpan<byte>(frame, (int)n));
                }
            }
        }
        finally
        {
            _connected = false;
        }
    }

    private void Accept(ReadOnlySpan<byte> raw)
    {
        _counters.CountReceived();
        var reason = LinuxCanFrameCodec.TryParse(raw, out var frame);
        if (reason != FrameRejectReason.None)
        {
            _counters.CountRejected(reason);
            return;
        }

        _writer.TryWrite(new ReceivedFrame(frame, FrameTransport.SocketCan, 0, _time.GetTimestamp()));
    }
}
