using System.Net;
using FbDisplay.Services.Controller;
using FbDisplay.Services.Mqtt;
using FbDisplay.Services.Storage;
using FbDisplay.Services.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// The display's links outward: the controller (settings over TCP on SAVE) and MQTT (SENDER publishes the status and
/// relays settings; RECEIVER displays a remote battery and sends its settings through the sender). Everything here
/// runs on the thread pool; the UI thread only drains <see cref="MqttStatusSubscriber.Statuses"/>.
/// </summary>
public sealed class Relay : IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly string _dataDir;
    private readonly string _batteryDevice;

    public Relay(IConfiguration config, string dataDir, TickLoop loop, Func<IPAddress?> learnedController, TimeProvider time, ILogger log)
    {
        _log = log;
        _dataDir = dataDir;
        _batteryDevice = config["Storage:BatteryDevice"] ?? BlockDeviceDrive.DefaultDevicePath;
        var problems = new List<string>();
        Controller = new ControllerLink(ControllerLinkOptions.FromConfiguration(config, problems), learnedController, time);
        Options = MqttOptions.FromConfiguration(config, dataDir, problems);
        foreach (string p in problems)
        {
            log.LogWarning("Setting ignored: {Problem}", p);
        }

        if (Options.Mode == MqttMode.Sender)
        {
            Publisher = new MqttStatusPublisher(Options, loop.Board, time, Controller);
        }
        else if (Options.Mode == MqttMode.Receiver)
        {
            Subscriber = new MqttStatusSubscriber(Options, time, loop.Wake);
            loop.RemoteStatuses = Subscriber.Statuses;
        }
    }

    public ControllerLink Controller { get; }

    public MqttOptions Options { get; }

    public MqttStatusPublisher? Publisher { get; }

    public MqttStatusSubscriber? Subscriber { get; }

    /// <summary>Where SAVE of controller limits goes: the controller itself, or on a RECEIVER, the sender via the broker.</summary>
    public IControllerSettingsSink SettingsSink => Subscriber is not null ? Subscriber : Controller;

    /// <summary>On a RECEIVER the display shows MQTT data only (the manual: "no UDP data will be received").</summary>
    public bool IsReceiver => Subscriber is not null;

    /// <summary>Imports certificates from a BATTERY drive (if one is in), then connects. Never blocks the caller.</summary>
    public void Start()
    {
        _ = Task.Run(async () =>
        {
            try
            {
                CertificateImportResult import = await new CertificateImport(new BlockDeviceDrive(_batteryDevice), _dataDir).ImportAsync().ConfigureAwait(false);
                _log.LogInformation("BATTERY drive: {Message}", import.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                _log.LogWarning("BATTERY drive import failed: {Error}", e.Message);
            }

            Publisher?.Start();
            Subscriber?.Start();
            if (Options.Mode != MqttMode.Off)
            {
                _log.LogInformation("MQTT {Mode} for BMS {BmsId}", Options.Mode, Options.BmsId);
            }
        });
    }

    public void WriteMetrics(MetricsText m)
    {
        MqttConnection? connection = Publisher?.Connection ?? Subscriber?.Connection;
        if (connection is not null)
        {
            m.Add("fbdisplay_mqtt_connected", "1 while connected to the broker.", "gauge", connection.IsConnected ? 1 : 0);
            m.Add("fbdisplay_mqtt_connects_total", "Successful broker connections.", "counter", connection.Connects);
            m.Add("fbdisplay_mqtt_failed_attempts_total", "Failed broker connection attempts.", "counter", connection.FailedAttempts);
        }

        if (Publisher is not null)
        {
            m.Add("fbdisplay_mqtt_published_total", "CompleteStatus messages published.", "counter", Publisher.Published);
            m.Add("fbdisplay_mqtt_publish_failures_total", "Failed publishes.", "counter", Publisher.PublishFailures);
            m.Add("fbdisplay_mqtt_settings_relayed_total", "Settings relayed from receivers to the controller.", "counter", Publisher.SettingsRelayed);
        }

        if (Subscriber is not null)
        {
            m.Add("fbdisplay_mqtt_received_total", "Status messages received.", "counter", Subscriber.Received);
            m.Add("fbdisplay_mqtt_accepted_total", "Status messages applied.", "counter", Subscriber.Accepted);
            m.Add("fbdisplay_mqtt_rejected_total", "Status messages rejected (malformed, oversized, wrong schema).", "counter", Subscriber.RejectedTotal);
        }

        m.Add("fbdisplay_controller_saves_total", "SAVEs sent to the controller.", "counter", Controller.Saves);
    }

    public async ValueTask DisposeAsync()
    {
        if (Publisher is not null)
        {
            await Publisher.DisposeAsync().ConfigureAwait(false);
        }

        if (Subscriber is not null)
        {
            await Subscriber.DisposeAsync().ConfigureAwait(false);
        }

        Controller.Dispose();
    }
}
