using System.Security.Authentication;
using MQTTnet;
using MQTTnet.Exceptions;

namespace FbDisplay.Services.Mqtt;

/// <summary>
/// One MQTT client that stays connected: connects, lets the owner subscribe, waits for the connection to drop and
/// tries again after 1 s, 2 s, 4 s ... up to 60 s, forever, with no help from the UI thread. MQTTnet 5 has no managed
/// client, so this is it. State, last error and counters may be read from any thread.
/// </summary>
public sealed class MqttConnection : IAsyncDisposable
{
    private readonly MqttOptions _options;
    private readonly string _clientId;
    private readonly TimeProvider _time;
    private readonly Func<IMqttClient, CancellationToken, Task> _onConnected;
    private readonly CancellationTokenSource _stop = new();
    private readonly IMqttClient _client;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private int _state;
    private string? _lastError;
    private long _connects;
    private long _failedAttempts;
    private long _connectedSince;

    /// <param name="onConnected">Runs after each successful connect (subscribe here); an exception drops the connection and retries.</param>
    public MqttConnection(MqttOptions options, string clientId, TimeProvider time, Func<IMqttClient, CancellationToken, Task> onConnected)
    {
        _options = options;
        _clientId = clientId;
        _time = time;
        _onConnected = onConnected;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                _lastError = e.Exception is { } ex ? Describe(ex) : $"disconnected ({e.Reason})";
            }

            _disconnected.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>The MQTTnet client, to add message handlers before <see cref="Start"/> and to publish.</summary>
    public IMqttClient Client => _client;

    public MqttConnectionState State => (MqttConnectionState)Volatile.Read(ref _state);

    public bool IsConnected => State == MqttConnectionState.Connected && _client.IsConnected;

    /// <summary>Why the last attempt failed or the last connection dropped; null until something went wrong.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>Successful connects so far (1 after the first; each reconnect adds one).</summary>
    public long Connects => Interlocked.Read(ref _connects);

    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>The broker the last attempt went to (null before the first).</summary>
    public MqttEndpoint? Endpoint { get; private set; }

    /// <summary>Delay before reconnect attempt <paramref name="failures"/> (1-based): min, 2 min, 4 min, ... capped.</summary>
    public static TimeSpan BackoffDelay(int failures, TimeSpan min, TimeSpan max)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        double ticks = min.Ticks * Math.Pow(2, Math.Min(failures - 1, 30));
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }

    public void Start() => _loop ??= Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (_client.IsConnected)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), quick.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
            }
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken ct)
    {
        int failures = 0;
        while (!ct.IsCancellationRequested)
        {
            Volatile.Write(ref _state, (int)MqttConnectionState.Connecting);
            try
            {
                MqttEndpoint endpoint = _options.ResolveEndpoint();
                Endpoint = endpoint;
                MqttClientOptions clientOptions = _options.BuildClientOptions(_clientId, endpoint);
                _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time))
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token))
                {
                    await _client.ConnectAsync(clientOptions, linked.Token).ConfigureAwait(false);
                    await _onConnected(_client, linked.Token).ConfigureAwait(false);
                }

                failures = 0;
                Interlocked.Increment(ref _connects);
                _connectedSince = _time.GetTimestamp();
                Volatile.Write(ref _state, (int)MqttConnectionState.Connected);
                await _disconnected.Task.WaitAsync(ct).ConfigureAwait(false);
                Volatile.Write(ref _state, (int)MqttConnectionState.Disconnected);

                // A connection that lived a while is retried at once (a broker restart, a Wi-Fi blip); one that
                // dropped right after connecting (e.g. the broker kicks a duplicate client id) backs off.
                if (_time.GetElapsedTime(_connectedSince) < _options.MinReconnectDelay)
                {
                    failures++;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // Everything is retried: a bad certificate file may be replaced from the BATTERY drive meanwhile.
                Volatile.Write(ref _lastError, Endpoint is { } where && e is not MqttConfigurationException ? $"{where}: {Describe(e)}" : Describe(e));
                Interlocked.Increment(ref _failedAttempts);
                Volatile.Write(ref _state, (int)MqttConnectionState.Disconnected);
                failures++;
                if (_client.IsConnected)
                {
                    try
                    {
                        await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception de) when (de is MqttCommunicationException or InvalidOperationException)
                    {
                    }
                }
            }

            TimeSpan delay = BackoffDelay(failures, _options.MinReconnectDelay, _options.MaxReconnectDelay);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        Volatile.Write(ref _state, (int)MqttConnectionState.Disconnected);
    }

    /// <summary>Every distinct message down the chain: MQTTnet wraps TLS and socket errors once or twice.</summary>
    internal static string Describe(Exception e)
    {
        if (e is MqttConfigurationException)
        {
            return e.Message;
        }

        if (e is OperationCanceledException)
        {
            return "connect timed out";
        }

        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            string m = x.Message.Replace(", see inner exception", "", StringComparison.Ordinal).TrimEnd('.', ' ');
            if (m.Length > 0 && !parts.Contains(m))
            {
                parts.Add(m);
            }
        }

        return string.Join(": ", parts);
    }
}
