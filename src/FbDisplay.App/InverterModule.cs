using FbDisplay.Core.Battery;
using FbDisplay.Core.Inverter;
using FbDisplay.Core.Status;
using FbDisplay.Linux.Can;
using FbDisplay.Services.Metrics;
using FbDisplay.Settings;
using FbDisplay.Ui.Screens;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// The inverter link (Inverter:CanInterface; docs/inverter.md): once a second on the UI thread, Pylontech-protocol
/// frames from fresh EVTV controller data on a transmit-only CAN socket; nothing the moment that data is stale. Its state
/// goes to the main screen's message line, the journal, /api/status and /metrics.
/// </summary>
public sealed class InverterModule : IDisposable
{
    private readonly SocketCanTransmitter _socket;
    private readonly InverterLink _link;
    private readonly BatteryDecoder _decoder;
    private readonly ILogger _log;
    private int _loggedVersion;
    private string _shown = "";
    private string _shownLine = "";

    private InverterModule(string interfaceName, in InverterSettings settings, BatteryDecoder decoder, TimeProvider time, ILogger log)
    {
        _decoder = decoder;
        _log = log;
        _socket = new SocketCanTransmitter(interfaceName, message => AdapterLog.Write(log, message));
        _link = new InverterLink(_socket, settings, time);
    }

    /// <summary>
    /// The link when Inverter:CanInterface is set, ticking once a second on <paramref name="loop"/>, else null.
    /// Pylontech frames are then never taken for a battery.
    /// </summary>
    public static InverterModule? Create(SettingsReader config, AppSettings app, TickLoop loop, BatteryDecoder decoder, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(loop);
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(decoder);
        string name = config.Get(Catalog.Inverter.CanInterface);
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var settings = new InverterSettings(
            config.Get(Catalog.Inverter.ChargeVolts), config.Get(Catalog.Inverter.SeriesCells), config.Get(Catalog.Inverter.DischargeAmps),
            config.Get(Catalog.Controller.Limit(ControllerSetting.BalanceVoltage)));
        decoder.IgnorePylontech = true;
        if (app.BatteryProtocol == BatteryProtocol.Pylontech)
        {
            log.LogWarning("{Key} is set but {Protocol} is Pylontech: the inverter link needs an EVTV controller and will send nothing", Catalog.Inverter.CanInterface.Key, Catalog.Battery.Protocol.Key);
        }

        log.LogInformation(
            "Inverter link on {Interface}: charge voltage {Volts}, discharge limit {Amps} A",
            name, settings.ChargeVolts > 0 ? $"{settings.ChargeVolts} V" : $"{settings.BalanceVolts} V x {(settings.SeriesCells > 0 ? settings.SeriesCells.ToString(System.Globalization.CultureInfo.InvariantCulture) : "the controller's cells")}",
            settings.DischargeAmps);
        var module = new InverterModule(name, settings, decoder, time, log);
        loop.AddEverySecond(module.Tick);
        return module;
    }

    public InverterLink Link => _link;

    /// <summary>For the snapshot (/api/status, MQTT) and /metrics.</summary>
    public InverterStatus Status => new(_link.State, _link.InterfaceName, _link.FramesSent, _link.BusErrors, _link.LastError, _link.LastValues);

    /// <summary>UI thread, once a second.</summary>
    public void Tick(long now)
    {
        _link.Tick(_decoder.State, now);
        if (_link.Version != _loggedVersion)
        {
            _loggedVersion = _link.Version;
            if (_link.State == InverterLinkState.Sending)
            {
                _log.LogInformation("Inverter link ({Interface}) sending", _link.InterfaceName);
            }
            else
            {
                _log.LogWarning("{Message} {Error}", _link.Message, _link.LastError ?? "");
            }
        }
    }

    /// <summary>UI thread, once a second: the link's line on the main screen while it is not sending; cleared when it sends again.</summary>
    public void AfterSecond(DisplayContext context)
    {
        string message = _link.Message;
        if (message == _shown)
        {
            return;
        }

        string line = _link.Notice?.In(context.Language) ?? "";
        if (line.Length > 0 || context.StatusMessage == _shownLine)
        {
            context.StatusMessage = line;
        }

        _shown = message;
        _shownLine = line;
    }

    /// <summary>The link's counters, from a snapshot (any thread).</summary>
    public static void WriteMetrics(in InverterStatus s, MetricsText m)
    {
        if (s.State == InverterLinkState.Off)
        {
            return;
        }

        m.Add("fbdisplay_inverter_sending", "1 while the inverter link sends its frames once a second.", "gauge", s.State == InverterLinkState.Sending ? 1 : 0);
        m.Add("fbdisplay_inverter_frames_sent_total", "Frames the inverter link handed to the kernel.", "counter", s.FramesSent);
        m.Add("fbdisplay_inverter_bus_errors_total", "Failed opens and writes on the inverter interface (ENOBUFS, ENETDOWN, ...).", "counter", s.BusErrors);
    }

    public void Dispose() => _socket.Dispose();
}
