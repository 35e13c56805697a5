using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using FbDisplay.Core.Status;
using FbDisplay.Services.Controller;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Protocol;

namespace FbDisplay.Services.Mqtt;

/// <summary>Why a received status message was ignored.</summary>
public enum MqttRejectReason
{
    /// <summary>Bigger than <see cref="MqttOptions.MaxMessageBytes"/>; not parsed at all.</summary>
    Oversized,
    Malformed,
    WrongSchema,
}

/// <summary>
/// MQTT RECEIVER: subscribes to EVTV/&lt;BmsId&gt;/CompleteStatus, parses each message on MQTTnet's receive task and
/// hands the result to the UI thread over a bounded channel (newest wins), where
/// <see cref="FbDisplay.Core.Battery.RemoteStatusApplier.ApplyRemote"/> puts it into the model. Bad messages are
/// counted per reason and ignored, never thrown. A SAVE on this display goes through <see cref="SendAsync"/> to the
/// SENDER, which forwards it to the controller and publishes the result.
/// </summary>
public sealed class MqttStatusSubscriber : IControllerSettingsSink, IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly TimeProvider _time;
    private readonly Action? _onReceived;
    private readonly MqttConnection _connection;
    private readonly Channel<RemoteStatus> _statuses;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ControllerSendResult>> _pending = new(StringComparer.Ordinal);
    private readonly long[] _rejected = new long[Enum.GetValues<MqttRejectReason>().Length];
    private long _received;
    private long _accepted;
    private long _dropped;

    /// <param name="onReceived">Called (on MQTTnet's task) after a status is queued, to wake the UI thread.</param>
    /// <param name="capacity">Statuses waiting for the UI thread; older ones are dropped (and counted) past this.</param>
    public MqttStatusSubscriber(MqttOptions options, TimeProvider time, Action? onReceived = null, int capacity = 4)
    {
        _options = options;
        _time = time;
        _onReceived = onReceived;
        _statuses = Channel.CreateBounded<RemoteStatus>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _dropped));
        _connection = new MqttConnection(options, options.DisplayId, time, SubscribeAsync);
        _connection.Client.ApplicationMessageReceivedAsync += OnMessageAsync;
    }

    /// <summary>Statuses for the UI thread to drain each tick (TryRead until empty).</summary>
    public ChannelReader<RemoteStatus> Statuses => _statuses.Reader;

    public MqttConnection Connection => _connection;

    public MqttConnectionState State => _connection.State;

    public string? LastError => _connection.LastError;

    /// <summary>Status messages that arrived, good or bad.</summary>
    public long Received => Interlocked.Read(ref _received);

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Good statuses dropped because the UI thread had not taken the previous ones.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public long Rejected(MqttRejectReason reason) => Interlocked.Read(ref _rejected[(int)reason]);

    public long RejectedTotal => _rejected.Sum(r => Interlocked.Read(ref r));

    public void Start() => _connection.Start();

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        foreach (TaskCompletionSource<ControllerSendResult> p in _pending.Values)
        {
            p.TrySetCanceled();
        }
    }

    /// <summary>Publishes a SAVE for the SENDER and waits for its controller's answer (up to Mqtt settings time-out).</summary>
    public async Task<ControllerSendResult> SendAsync(IReadOnlyList<ControllerSettingValue> settings, CancellationToken cancellationToken = default)
    {
        if (!_connection.IsConnected)
        {
            return new ControllerSendResult(ControllerSendOutcome.Unreachable, $"Not connected to the MQTT broker ({LastError ?? "connecting"}).", []);
        }

        string id = Guid.NewGuid().ToString("N");
        var done = new TaskCompletionSource<ControllerSendResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        try
        {
            var message = new MqttApplicationMessage
            {
                Topic = _options.SettingsTopic,
                QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
                Payload = new ReadOnlySequence<byte>(SettingsMessages.WriteRequest(new SettingsRequest(id, _options.DisplayId, settings))),
            };
            using var timeout = new CancellationTokenSource(_options.SettingsTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await _connection.Client.PublishAsync(message, linked.Token).ConfigureAwait(false);
                return await done.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return new ControllerSendResult(ControllerSendOutcome.TimedOut,
                    $"No MQTT SENDER answered within {_options.SettingsTimeout.TotalSeconds:0} s (is one running for BMS ID {_options.BmsId}?).", []);
            }
            catch (Exception e) when (e is MqttCommunicationException or InvalidOperationException)
            {
                return new ControllerSendResult(ControllerSendOutcome.Unreachable, $"Publishing the settings failed: {MqttConnection.Describe(e)}.", []);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task SubscribeAsync(IMqttClient client, CancellationToken ct)
    {
        await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(_options.StatusTopic, MqttQualityOfServiceLevel.AtMostOnce)
            .WithTopicFilter(_options.SettingsResultTopic, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), ct).ConfigureAwait(false);
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        MqttApplicationMessage m = e.ApplicationMessage;
        if (m.Topic == _options.StatusTopic)
        {
            OnStatus(m.Payload);
        }
        else if (m.Topic == _options.SettingsResultTopic && m.Payload.Length <= _options.MaxMessageBytes
            && SettingsMessages.ReadResult(m.Payload) is { } result
            && _pending.TryGetValue(result.RequestId, out TaskCompletionSource<ControllerSendResult>? waiter))
        {
            waiter.TrySetResult(result.Result);
        }

        return Task.CompletedTask;
    }

    private void OnStatus(ReadOnlySequence<byte> payload)
    {
        long now = _time.GetTimestamp();
        Interlocked.Increment(ref _received);
        if (payload.Length > _options.MaxMessageBytes)
        {
            Interlocked.Increment(ref _rejected[(int)MqttRejectReason.Oversized]);
            return;
        }

        // A fresh object per message (about 600 bytes at 2 Hz): the UI thread owns it once queued.
        var status = new RemoteStatus();
        StatusJsonError error = RemoteStatus.TryRead(payload, status);
        if (error != StatusJsonError.None)
        {
            Interlocked.Increment(ref _rejected[(int)(error == StatusJsonError.Malformed ? MqttRejectReason.Malformed : MqttRejectReason.WrongSchema)]);
            return;
        }

        status.ReceivedTimestamp = now;
        Interlocked.Increment(ref _accepted);
        _statuses.Writer.TryWrite(status);
        _onReceived?.Invoke();
    }
}
