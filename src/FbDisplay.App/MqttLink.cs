using System.Threading.Channels;
using FbDisplay.Core.Status;
using FbDisplay.Services.Controller;
using FbDisplay.Services.Metrics;
using FbDisplay.Services.Mqtt;
using FbDisplay.Services.Storage;
using FbDisplay.Services.Web;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// The MQTT link, the one place that knows the mode: OFF (nothing), SENDER (publishes this battery's status and relays
/// settings saved on receivers to the controller) or RECEIVER (shows a remote battery; its SAVEs go through the
/// sender). Everything here runs on the thread pool; the UI thread only drains <see cref="Statuses"/>.
/// </summary>
public sealed class MqttLink : IMetricsSource, IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly MqttStatusPublisher? _publisher;
    private readonly MqttStatusSubscriber? _subscriber;
    private readonly ControllerLink _controller;
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private long _downSince;
    private bool _everConnected;

    public MqttLink(MqttOptions options, ControllerLink controller, StatusBoard board, Action wake, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _log = log;
        _controller = controller;
        _time = time;
        _startedAt = time.GetTimestamp();
        Options = options;
        if (options.Mode == MqttMode.Sender)
        {
            _publisher = new MqttStatusPublisher(options, board, time, controller);
        }
        else if (options.Mode == MqttMode.Receiver)
        {
            _subscriber = new MqttStatusSubscriber(options, time, wake);
        }
    }

    public MqttOptions Options { get; }

    /// <summary>Set when a password would cross the network in clear (<c>mqtt://</c>), for the journal and the screen.</summary>
    public string? PlainCredentialsWarning
    {
        get
        {
            if (Options.Mode == MqttMode.Off || Options.Password is null || Options.Url.Length == 0)
            {
                return null;
            }

            try
            {
                return MqttOptions.ParseUrl(Options.Url).UseTls ? null
                    : $"MQTT: {Catalog.Mqtt.Url.Key} is plain mqtt://, so the broker password crosses the network unencrypted; use mqtts://.";
            }
            catch (MqttConfigurationException)
            {
                return null; // the connection reports a bad URL itself
            }
        }
    }

    /// <summary>On a RECEIVER the display shows MQTT data only (the manual: "no UDP data will be received").</summary>
    public bool IsReceiver => _subscriber is not null;

    /// <summary>The remote battery's statuses on a RECEIVER, else null.</summary>
    public ChannelReader<RemoteStatus>? Statuses => _subscriber?.Statuses;

    /// <summary>The broker connection (SENDER or RECEIVER), or null when MQTT is off: the MQTT-down alarm watches it.</summary>
    public MqttConnection? Connection => _publisher?.Connection ?? _subscriber?.Connection;

    /// <summary>
    /// Whether the link is on, connected, and for how long it has been down (UI thread, once a second, for the MQTT
    /// alarm): down since start until the first connection, so a restored alarm stays raised meanwhile.
    /// </summary>
    public MqttHealth Health(long now)
    {
        MqttConnection? connection = Connection;
        bool connected = connection is { IsConnected: true };
        double down = 0;
        if (connection is null || connected)
        {
            _downSince = 0;
        }
        else
        {
            if (_downSince == 0)
            {
                _downSince = _everConnected ? now : _startedAt;
            }

            down = _time.GetElapsedTime(_downSince, now).TotalSeconds;
        }

        _everConnected |= connected;
        return new MqttHealth(connection is not null, connected, down);
    }

    /// <summary>EVTV/&lt;BmsId&gt;/CompleteStatus.</summary>
    public string StatusTopic => $"EVTV/{Options.BmsId}/CompleteStatus";

    /// <summary>Where SAVE of controller limits goes: the controller itself, or on a RECEIVER, the sender via the broker.</summary>
    public IControllerSettingsSink SettingsSink => _subscriber is not null ? _subscriber : _controller;

    /// <summary>Imports certificates from a BATTERY drive (if one is in), then connects. Never blocks the caller.</summary>
    public void Start(string batteryDevice, string dataDir)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                CertificateImportResult import = await new CertificateImport(RemovableDrive.At(batteryDevice), dataDir).ImportAsync().ConfigureAwait(false);
                _log.LogInformation("BATTERY drive: {Message}", import.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                _log.LogWarning("BATTERY drive import failed: {Error}", e.Message);
            }

            _publisher?.Start();
            _subscriber?.Start();
            if (Options.Mode != MqttMode.Off)
            {
                _log.LogInformation("MQTT {Mode} for BMS {BmsId}", Options.Mode, Options.BmsId);
            }
        });
    }

    public void WriteMetrics(MetricsText m)
    {
        if (Connection is { } connection)
        {
            m.Add("fbdisplay_mqtt_connected", "1 while connected to the broker.", "gauge", connection.IsConnected ? 1 : 0);
            m.Add("fbdisplay_mqtt_connects_total", "Successful broker connections.", "counter", connection.Connects);
            m.Add("fbdisplay_mqtt_failed_attempts_total", "Failed broker connection attempts.", "counter", connection.FailedAttempts);
        }

        if (_publisher is { } p)
        {
            m.Add("fbdisplay_mqtt_published_total", "CompleteStatus messages published.", "counter", p.Published);
            m.Add("fbdisplay_mqtt_publish_failures_total", "Failed publishes.", "counter", p.PublishFailures);
            m.Add("fbdisplay_mqtt_settings_relayed_total", "Settings relayed from receivers to the controller.", "counter", p.SettingsRelayed);
        }

        if (_subscriber is { } s)
        {
            m.Add("fbdisplay_mqtt_received_total", "Status messages received.", "counter", s.Received);
            m.Add("fbdisplay_mqtt_accepted_total", "Status messages applied.", "counter", s.Accepted);
            m.Add("fbdisplay_mqtt_rejected_total", "Status messages rejected (malformed, oversized, wrong schema).", "counter", s.RejectedTotal);
        }

        m.Add("fbdisplay_controller_saves_total", "SAVEs sent to the controller.", "counter", _controller.Saves);
    }

    public async ValueTask DisposeAsync()
    {
        if (_publisher is not null)
        {
            await _publisher.DisposeAsync().ConfigureAwait(false);
        }

        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>The MQTT link as the alarms see it.</summary>
public readonly record struct MqttHealth(bool Enabled, bool Connected, double SecondsDown);
