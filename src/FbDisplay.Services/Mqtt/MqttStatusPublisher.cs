using System.Buffers;
using System.Text.Json;
using System.Threading.Channels;
using FbDisplay.Core.Status;
using FbDisplay.Services.Controller;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace FbDisplay.Services.Mqtt;

/// <summary>
/// MQTT SENDER: every 500 ms copies the <see cref="StatusBoard"/> snapshot and publishes it as the CompleteStatus
/// JSON to EVTV/&lt;BmsId&gt;/CompleteStatus (QoS 0, not retained; one reused buffer, no per-message payload
/// allocation). Also forwards settings published by RECEIVERs to the controller and publishes the result. Runs on
/// the thread pool; never touches the UI thread beyond the board's lock.
/// </summary>
public sealed class MqttStatusPublisher : IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly StatusBoard _board;
    private readonly TimeProvider _time;
    private readonly IControllerSettingsSink? _controller;
    private readonly MqttConnection _connection;
    private readonly StatusSnapshot _snapshot = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly Utf8JsonWriter _json;
    private readonly MqttApplicationMessage _message;
    private readonly Channel<SettingsRequest> _settings = Channel.CreateBounded<SettingsRequest>(
        new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task? _publishLoop;
    private Task? _relayLoop;
    private long _published;
    private long _skipped;
    private long _publishFailures;
    private long _settingsRelayed;
    private long _settingsRejected;
    private long _discoveryPublished;
    private int _discoveryWanted;

    /// <param name="controller">Where settings from RECEIVERs go (the <see cref="ControllerLink"/>); null = not relayed.</param>
    public MqttStatusPublisher(MqttOptions options, StatusBoard board, TimeProvider time, IControllerSettingsSink? controller = null)
    {
        _options = options;
        _board = board;
        _time = time;
        _controller = options.RelaySettings ? controller : null;
        _json = new Utf8JsonWriter(_buffer);
        _message = new MqttApplicationMessage { Topic = options.StatusTopic, QualityOfServiceLevel = MqttQualityOfServiceLevel.AtMostOnce };
        _connection = new MqttConnection(options, options.DisplayId, time, SubscribeAsync);
        _connection.Client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    public MqttConnection Connection => _connection;

    public MqttConnectionState State => _connection.State;

    public string? LastError => _connection.LastError;

    public long Published => Interlocked.Read(ref _published);

    /// <summary>Intervals that passed while not connected (nothing is queued: stale status is worthless).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    public long SettingsRelayed => Interlocked.Read(ref _settingsRelayed);

    /// <summary>Settings messages that were not in the schema (or arrived while 8 were already waiting).</summary>
    public long SettingsRejected => Interlocked.Read(ref _settingsRejected);

    /// <summary>Times the Home Assistant discovery configs were (re)published.</summary>
    public long DiscoveryPublished => Interlocked.Read(ref _discoveryPublished);

    public void Start()
    {
        _connection.Start();
        _publishLoop ??= Task.Run(() => PublishLoopAsync(_stop.Token));
        if (_controller is not null)
        {
            _relayLoop ??= Task.Run(() => RelayLoopAsync(_stop.Token));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (Task? t in new[] { _publishLoop, _relayLoop })
        {
            if (t is not null)
            {
                try
                {
                    await t.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        await _json.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SubscribeAsync(IMqttClient client, CancellationToken ct)
    {
        if (_controller is not null)
        {
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(_options.SettingsTopic, MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(), ct).ConfigureAwait(false);
        }

        if (_options.HomeAssistantDiscovery)
        {
            await PublishDiscoveryAsync(client, ct).ConfigureAwait(false);
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(HomeAssistantDiscovery.StatusTopic, MqttQualityOfServiceLevel.AtMostOnce)
                .Build(), ct).ConfigureAwait(false);
        }
    }

    private async Task PublishDiscoveryAsync(IMqttClient client, CancellationToken ct)
    {
        foreach ((string topic, byte[] payload) in HomeAssistantDiscovery.Configs(_options))
        {
            await client.PublishAsync(new MqttApplicationMessage
            {
                Topic = topic,
                Retain = true,
                QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
                Payload = new ReadOnlySequence<byte>(payload),
            }, ct).ConfigureAwait(false);
        }

        Interlocked.Increment(ref _discoveryPublished);
    }

    private async Task PublishLoopAsync(CancellationToken ct)
    {
        // PeriodicTimer keeps the 2 Hz cadence: a slow publish shortens the next wait instead of drifting.
        using var timer = new PeriodicTimer(_options.PublishInterval, _time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            if (!_connection.IsConnected)
            {
                Interlocked.Increment(ref _skipped);
                continue;
            }

            if (Interlocked.Exchange(ref _discoveryWanted, 0) == 1)
            {
                try
                {
                    await PublishDiscoveryAsync(_connection.Client, ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException or IOException
                    || (e is OperationCanceledException && !ct.IsCancellationRequested))
                {
                    Interlocked.Increment(ref _publishFailures);
                }
            }

            _board.Read(_snapshot);
            _buffer.ResetWrittenCount();
            _json.Reset();
            _snapshot.WriteJson(_json, _options.BmsId, _options.DisplayId);
            _json.Flush();
            _message.Payload = new ReadOnlySequence<byte>(_buffer.WrittenMemory);
            try
            {
                // QoS 0 completes once the packet is written, so the buffer is free again when this returns.
                await _connection.Client.PublishAsync(_message, ct).ConfigureAwait(false);
                Interlocked.Increment(ref _published);
            }
            catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException or IOException
                || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                // The connection loop notices the drop and reconnects; this interval is lost.
                Interlocked.Increment(ref _publishFailures);
            }
        }
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (e.ApplicationMessage.Topic == HomeAssistantDiscovery.StatusTopic)
        {
            // Home Assistant restarted. Publishing a QoS 1 message from inside MQTTnet's receive handler would wait
            // for an acknowledgement this very handler has to process, so the publish loop does it.
            if (e.ApplicationMessage.Payload.Length == 6 && e.ApplicationMessage.Payload.FirstSpan.SequenceEqual("online"u8))
            {
                Volatile.Write(ref _discoveryWanted, 1);
            }

            return Task.CompletedTask;
        }

        if (e.ApplicationMessage.Topic != _options.SettingsTopic)
        {
            return Task.CompletedTask;
        }

        SettingsRequest? request = e.ApplicationMessage.Payload.Length <= _options.MaxMessageBytes
            ? SettingsMessages.ReadRequest(e.ApplicationMessage.Payload)
            : null;

        // The controller exchange takes seconds; MQTTnet's receive loop must not wait for it.
        if (request is null || !_settings.Writer.TryWrite(request))
        {
            Interlocked.Increment(ref _settingsRejected);
        }

        return Task.CompletedTask;
    }

    private async Task RelayLoopAsync(CancellationToken ct)
    {
        await foreach (SettingsRequest request in _settings.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            ControllerSendResult result = await _controller!.SendAsync(request.Settings, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _settingsRelayed);
            byte[] payload = SettingsMessages.WriteResult(new SettingsResultMessage(request.RequestId, request.From, _options.DisplayId, result));
            var message = new MqttApplicationMessage
            {
                Topic = _options.SettingsResultTopic,
                QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
                Payload = new ReadOnlySequence<byte>(payload),
            };
            try
            {
                await _connection.Client.PublishAsync(message, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException or IOException
                || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                // The receiver times out and says so; the controller did get the settings.
                Interlocked.Increment(ref _publishFailures);
            }
        }
    }
}
