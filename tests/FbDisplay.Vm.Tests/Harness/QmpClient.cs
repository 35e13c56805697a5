using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FbDisplay.Vm.Tests.Harness;

/// <summary>A minimal QEMU Machine Protocol client over a unix socket: one command in flight at a time.</summary>
public sealed class QmpClient : IAsyncDisposable
{
    /// <summary>Largest value of an absolute axis as QEMU's tablet reports it (ABS_X / ABS_Y 0..32767).</summary>
    public const int AbsoluteAxisMax = 0x7fff;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _eventsLock = new();
    private readonly List<JsonObject> _events = [];
    private long _nextId;

    private QmpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    /// <summary>Asynchronous events QEMU sent so far (SHUTDOWN, POWERDOWN, ...).</summary>
    public IReadOnlyList<JsonObject> Events
    {
        get
        {
            lock (_eventsLock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Connects (retrying until QEMU has created the socket), reads the greeting and negotiates capabilities.</summary>
    public static async Task<QmpClient> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token);
                var client = new QmpClient(socket);
                try
                {
                    var greeting = await client.ReadMessageAsync(cts.Token);
                    if (greeting["QMP"] is null)
                    {
                        throw new InvalidOperationException($"QMP {socketPath}: unexpected greeting {greeting.ToJsonString()}");
                    }

                    await client.ExecuteAsync("qmp_capabilities", null, cts.Token);
                    return client;
                }
                catch
                {
                    await client.DisposeAsync();
                    throw;
                }
            }
            catch (SocketException) when (!cts.IsCancellationRequested)
            {
                socket.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                socket.Dispose();
                throw new TimeoutException($"QMP socket {socketPath} did not answer within {timeout.TotalSeconds:0.#} s");
            }
        }
    }

    /// <summary>Runs a command and returns its "return" value; a QMP error becomes an exception.</summary>
    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var id = Interlocked.Increment(ref _nextId);
            var request = new JsonObject { ["execute"] = command, ["id"] = id };
            if (arguments is not null)
            {
                request["arguments"] = arguments;
            }

            var bytes = Encoding.UTF8.GetBytes(request.ToJsonString() + "\n");
            await _stream.WriteAsync(bytes, cancellationToken);
            while (true)
            {
                var message = await ReadMessageAsync(cancellationToken);
                if (message["event"] is not null)
                {
                    lock (_eventsLock)
                    {
                        _events.Add(message);
                    }

                    continue;
                }

                if (message["id"]?.GetValue<long>() != id)
                {
                    continue;
                }

                if (message["error"] is JsonObject error)
                {
                    throw new InvalidOperationException($"QMP {command}: {error["class"]}: {error["desc"]}");
                }

                return message["return"];
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Writes what the display shows to a PPM file (QEMU writes it; the path is on this machine).</summary>
    public Task ScreendumpAsync(string path, CancellationToken cancellationToken = default) =>
        ExecuteAsync("screendump", new JsonObject { ["filename"] = path }, cancellationToken);

    /// <summary>Takes a screendump into a temporary file and reads it.</summary>
    public async Task<PpmImage> ScreenshotAsync(CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(Path.GetTempPath(), $"fbd-shot-{Guid.NewGuid():N}.ppm");
        try
        {
            await ScreendumpAsync(path, cancellationToken);
            return PpmImage.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Moves the (absolute) pointer to a screen pixel.</summary>
    public Task MoveToAsync(int x, int y, int screenWidth, int screenHeight, CancellationToken cancellationToken = default) =>
        SendEventsAsync(
            new JsonArray(
                AbsEvent("x", ToAbsolute(x, screenWidth)),
                AbsEvent("y", ToAbsolute(y, screenHeight))),
            cancellationToken);

    /// <summary>Presses or releases the left button (what QEMU's tablet sends for a touch).</summary>
    public Task SetButtonAsync(bool down, CancellationToken cancellationToken = default) =>
        SendEventsAsync(
            new JsonArray(new JsonObject
            {
                ["type"] = "btn",
                ["data"] = new JsonObject { ["down"] = down, ["button"] = "left" },
            }),
            cancellationToken);

    /// <summary>A tap: move to the pixel, press, release (three input-send-event commands, each ends with a SYN).</summary>
    public async Task TapAsync(int x, int y, int screenWidth, int screenHeight, CancellationToken cancellationToken = default)
    {
        await MoveToAsync(x, y, screenWidth, screenHeight, cancellationToken);
        await SetButtonAsync(down: true, cancellationToken);
        await SetButtonAsync(down: false, cancellationToken);
    }

    /// <summary>Asks the guest to power down (ACPI); the busybox guest ignores it, use <see cref="QuitAsync"/>.</summary>
    public Task SystemPowerdownAsync(CancellationToken cancellationToken = default) =>
        ExecuteAsync("system_powerdown", null, cancellationToken);

    /// <summary>Stops QEMU at once. The connection closes, so the reply may never come: that is not an error.</summary>
    public async Task QuitAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await ExecuteAsync("quit", null, cancellationToken);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Maps a pixel to QEMU's absolute axis range, first pixel to 0, last to 32767.</summary>
    public static int ToAbsolute(int pixel, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(pixel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(pixel, size);
        return (int)Math.Round((double)pixel * AbsoluteAxisMax / (size - 1), MidpointRounding.AwayFromZero);
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _socket.Dispose();
        _gate.Dispose();
    }

    private static JsonObject AbsEvent(string axis, int value) =>
        new() { ["type"] = "abs", ["data"] = new JsonObject { ["axis"] = axis, ["value"] = value } };

    private Task SendEventsAsync(JsonArray events, CancellationToken cancellationToken) =>
        ExecuteAsync("input-send-event", new JsonObject { ["events"] = events }, cancellationToken);

    private async Task<JsonObject> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var line = await _reader.ReadLineAsync(cancellationToken)
            ?? throw new EndOfStreamException("QMP connection closed");
        return JsonNode.Parse(line) as JsonObject
            ?? throw new InvalidDataException($"QMP: not a JSON object: {line}");
    }
}
