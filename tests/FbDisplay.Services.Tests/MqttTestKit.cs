using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Status;
using FbDisplay.Services.Mqtt;
using FbDisplay.Simulator;
using MQTTnet;

namespace FbDisplay.Services.Tests;

/// <summary>A display's model fed by the battery simulator, as the UI thread would feed it from UDP.</summary>
internal sealed class SimulatedDisplay
{
    private readonly List<CanFrame> _frames = [];
    private DateTime _simTime = new(2024, 6, 1, 11, 0, 0, DateTimeKind.Local);

    public SimulatedDisplay(int modules = 4)
    {
        Battery = new BatterySimulator(modules) { SendExtensions = true };
        Decoder = new BatteryDecoder(State, Counters);
    }

    public BatterySimulator Battery { get; }

    public BatteryState State { get; } = new();

    public FrameCounters Counters { get; } = new();

    public BatteryDecoder Decoder { get; }

    public StatusBoard Board { get; } = new();

    /// <summary>Simulates a minute, decodes its frames and publishes the board.</summary>
    public void Step()
    {
        _simTime = _simTime.AddMinutes(1);
        Battery.Step(60, _simTime);
        _frames.Clear();
        Battery.WriteFrames(_frames);
        long now = TimeProvider.System.GetTimestamp();
        foreach (CanFrame f in _frames)
        {
            Decoder.Apply(f, now);
        }

        Board.Publish(State, Counters, TimeProvider.System, 0x0104A8C0);
    }
}

/// <summary>A plain MQTTnet client for the tests' side of the broker: records what arrives, publishes raw bytes.</summary>
internal sealed class RawMqttClient : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public ConcurrentQueue<(long Timestamp, string Topic, byte[] Payload)> Messages { get; } = new();

    public static async Task<RawMqttClient> ConnectAsync(string url, params string[] topics)
    {
        var c = new RawMqttClient();
        MqttEndpoint e = MqttOptions.ParseUrl(url);
        c._client.ApplicationMessageReceivedAsync += m =>
        {
            c.Messages.Enqueue((Stopwatch.GetTimestamp(), m.ApplicationMessage.Topic, m.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        await c._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(e.Host, e.Port).WithClientId("test-" + Guid.NewGuid().ToString("N")).Build());
        foreach (string t in topics)
        {
            await c._client.SubscribeAsync(t);
        }

        return c;
    }

    public Task PublishAsync(string topic, byte[] payload) =>
        _client.PublishAsync(new MqttApplicationMessage { Topic = topic, Payload = new ReadOnlySequence<byte>(payload) });

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
