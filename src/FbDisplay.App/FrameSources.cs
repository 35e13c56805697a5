using System.Threading.Channels;
using FbDisplay.Core.Can;
using FbDisplay.Core.Text;
using FbDisplay.Linux.Can;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Udp;
using FbDisplay.Services.Web;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// Where the controller's frames come from: the UDP port (broadcast or unicast) and, when an interface is set,
/// SocketCAN. Both readers run on their own threads and hand frames to the tick loop's bounded channel.
/// </summary>
public sealed class FrameSources(AppSettings settings, ChannelWriter<ReceivedFrame> frames, FrameCounters counters, TimeProvider time, ILogger log)
    : IMetricsSource, IDisposable
{
    private UdpCanSource? _udp;
    private SocketCanSource? _can;
    private ITimer? _sharerCheck;
    private volatile IReadOnlyList<string> _sharers = [];

    /// <summary>How often /proc is read for other sockets on the UDP port.</summary>
    public static readonly TimeSpan SharerCheckInterval = TimeSpan.FromSeconds(10);

    /// <summary>Other local sockets bound to the UDP port, each with its owner (any thread); empty when none.</summary>
    public IReadOnlyList<string> PortSharers => _sharers;

    /// <summary>One line for the screen while another socket shares the port, else null (made on the check's thread, not per tick).</summary>
    public Say? SharingWarning => _warning;

    private volatile Say? _warning;

    /// <summary>"UDP port 6500" or "UDP port 6500 and CAN can0", for the main screen.</summary>
    public Say Description => string.IsNullOrWhiteSpace(settings.CanInterface)
        ? Say.Of(Tx.SourceUdp, settings.UdpPort)
        : Say.Of(Tx.SourceUdpCan, settings.UdpPort, settings.CanInterface);

    /// <summary>Opens the readers; a port or interface that cannot be opened is logged and the other still runs.</summary>
    public void Start(Action wake)
    {
        try
        {
            _udp = new UdpCanSource(settings.UdpPort, frames, counters, time, wake, message => log.LogError("{Message}", message));
            _udp.Start();
            _sharerCheck = time.CreateTimer(_ => CheckSharers(), null, TimeSpan.Zero, SharerCheckInterval);
            log.LogInformation("Listening for controller datagrams on UDP port {Port}", _udp.LocalPort);
        }
        catch (IOException e)
        {
            log.LogError("{Error}", e.Message);
        }

        if (!string.IsNullOrWhiteSpace(settings.CanInterface))
        {
            _can = new SocketCanSource(
                settings.CanInterface, new WakingChannelWriter<ReceivedFrame>(frames, wake), counters, time,
                message => AdapterLog.Write(log, message), settings.BatteryProtocol);
            log.LogInformation("Reading CAN frames from {Interface}", settings.CanInterface);
        }
    }

    public void WriteMetrics(MetricsText m)
    {
        if (_udp is { } udp)
        {
            m.Add("fbdisplay_udp_kernel_drops_total", "Datagrams the kernel dropped because the socket buffer was full.", "counter", udp.KernelDrops());
            m.Add("fbdisplay_udp_port_sharers", "Other local sockets bound to the UDP port (they may receive unicast data meant for us).", "gauge", _sharers.Count);
        }
    }

    private void CheckSharers()
    {
        if (_udp is not { } udp)
        {
            return;
        }

        IReadOnlyList<string> now = udp.PortSharers();
        if (!now.SequenceEqual(_sharers))
        {
            foreach (string s in now.Except(_sharers))
            {
                log.LogWarning("UDP port {Port} is also bound by {Owner}: broadcasts reach both, unicast datagrams may reach only it", udp.LocalPort, s);
            }

            _sharers = now;
            _warning = now.Count == 0 ? null
                : now.Count == 1 ? Say.Of(Tx.NoticePortShared, udp.LocalPort, now[0])
                : Say.Of(Tx.NoticePortSharedMore, udp.LocalPort, now[0], now.Count - 1);
        }
    }

    public void Dispose()
    {
        _sharerCheck?.Dispose();
        _udp?.Dispose();
        _can?.Dispose();
    }
}
