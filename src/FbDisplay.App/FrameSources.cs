using System.Threading.Channels;
using FbDisplay.Core.Can;
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

    /// <summary>"UDP port 6500" or "UDP port 6500 and CAN can0", for the main screen.</summary>
    public string Description => string.IsNullOrWhiteSpace(settings.CanInterface)
        ? $"UDP port {settings.UdpPort}"
        : $"UDP port {settings.UdpPort} and CAN {settings.CanInterface}";

    /// <summary>Opens the readers; a port or interface that cannot be opened is logged and the other still runs.</summary>
    public void Start(Action wake)
    {
        try
        {
            _udp = new UdpCanSource(settings.UdpPort, frames, counters, time, wake, message => log.LogError("{Message}", message));
            _udp.Start();
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
                message => AdapterLog.Write(log, message));
            log.LogInformation("Reading CAN frames from {Interface}", settings.CanInterface);
        }
    }

    public void WriteMetrics(MetricsText m)
    {
        if (_udp is { } udp)
        {
            m.Add("fbdisplay_udp_kernel_drops_total", "Datagrams the kernel dropped because the socket buffer was full.", "counter", udp.KernelDrops());
        }
    }

    public void Dispose()
    {
        _udp?.Dispose();
        _can?.Dispose();
    }
}
