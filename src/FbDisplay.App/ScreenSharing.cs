using FbDisplay.Core.Text;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Vnc;
using FbDisplay.Services.Web;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// Screen sharing: the VNC server on its TCP port and the browser view over the web server's WebSocket, both reading
/// the touchscreen's mirror and sending touches into its queue. Off without a password (or an explicit allow).
/// </summary>
public sealed class ScreenSharing(VncOptions options, TimeProvider time, ILogger log) : IMetricsSource, IAsyncDisposable
{
    private VncServer? _vnc;

    /// <summary>The server while sharing runs, else null (the web page then says how to switch it on).</summary>
    public VncServer? Server => _vnc;

    /// <summary>Why sharing is not running, in the owner's words (the web page's /screen says it); null while it runs.</summary>
    public Say? OffReason { get; private set; } = Say.Of(Tx.WebOffNotStarted);

    public void Start(TouchScreen? screen)
    {
        if (!options.IsEnabled)
        {
            log.LogInformation("Screen sharing off: no {Key} is set (or set {Allow}=true)", Catalog.Vnc.Password.Key, Catalog.Vnc.AllowNoPassword.Key);
            OffReason = Say.Of(Tx.WebOffNoPassword);
            return;
        }

        if (screen?.Mirror is not { } mirror)
        {
            log.LogInformation("Screen sharing off: there is no screen");
            OffReason = Say.Of(Tx.WebOffNoScreen);
            return;
        }

        if (options.Problem() is { } problem)
        {
            log.LogWarning("Screen sharing off: {Problem}", problem);
            OffReason = Say.Of(Tx.WebOffSetup, problem);
            return;
        }

        _vnc = new VncServer(options, mirror, screen.RemoteTouches, time, log);
        OffReason = null;
        try
        {
            _vnc.Start();
            log.LogInformation(
                _vnc.Port > 0 ? "Screen sharing: VNC on TCP port {Port}{Mode}" : "Screen sharing: browser view only{Mode}",
                _vnc.Port, options.ViewOnly ? " (view only)" : "");
        }
        catch (IOException e)
        {
            log.LogError("{Error}; the browser view still works", e.Message);
        }
    }

    public void WriteMetrics(MetricsText m)
    {
        if (_vnc is null)
        {
            return;
        }

        VncCounters v = _vnc.Counters;
        m.Add("fbdisplay_vnc_clients", "Screen-sharing clients connected now.", "gauge", v.Active);
        m.Add("fbdisplay_vnc_connections_total", "Screen-sharing connections accepted (VNC and browser).", "counter", v.Connections);
        m.Add("fbdisplay_vnc_refused_total", "Connections refused, by reason.", "counter", v.Rejected, "reason=\"max_clients\"");
        m.Add("fbdisplay_vnc_refused_total", "Connections refused, by reason.", "counter", v.HandshakeFailures, "reason=\"bad_handshake\"");
        m.Add("fbdisplay_vnc_refused_total", "Connections refused, by reason.", "counter", v.AuthFailures, "reason=\"wrong_password\"");
        m.Add("fbdisplay_vnc_refused_total", "Connections refused, by reason.", "counter", v.AuthLocked, "reason=\"backing_off\"");
        m.Add("fbdisplay_vnc_refused_total", "Connections refused, by reason.", "counter", v.PendingRefused, "reason=\"too_many_authenticating\"");
        m.Add("fbdisplay_vnc_authenticating", "Connections still authenticating (they hold no viewer slot).", "gauge", v.Pending);
        m.Add("fbdisplay_vnc_closed_total", "Sessions closed by the server, by reason.", "counter", v.ProtocolErrors, "reason=\"protocol_error\"");
        m.Add("fbdisplay_vnc_closed_total", "Sessions closed by the server, by reason.", "counter", v.IdleTimeouts, "reason=\"idle\"");
        m.Add("fbdisplay_vnc_closed_total", "Sessions closed by the server, by reason.", "counter", v.SlowClients, "reason=\"not_reading\"");
        m.Add("fbdisplay_vnc_updates_total", "Framebuffer updates sent.", "counter", v.Updates);
        m.Add("fbdisplay_vnc_bytes_sent_total", "Bytes sent to screen-sharing clients.", "counter", v.BytesSent);
        m.Add("fbdisplay_vnc_encode_seconds_total", "Time spent catching up and encoding updates.", "counter", v.EncodeTime.TotalSeconds);
    }

    public async ValueTask DisposeAsync()
    {
        if (_vnc is not null)
        {
            await _vnc.DisposeAsync().ConfigureAwait(false);
        }
    }
}
