using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Input;
using FbDisplay.Core.Status;
using FbDisplay.Linux.Input;
using FbDisplay.Services.Update;
using SharpFuzz;

// fuzz.sh runs: afl-fuzz ... -- dotnet FbDisplay.Fuzz.dll TARGET. Each target feeds afl's input to one parser the
// network, the kernel or a file reaches, the way the app does; any exception the app would not catch is a crash.
string target = args.Length == 1 ? args[0] : "";
Action<byte[]>? run = target switch
{
    "udp" => Targets.Udp,
    "can" => Targets.Can,
    "evdev" => Targets.EvDev,
    "status-json" => Targets.StatusJson,
    "update-manifest" => Targets.UpdateManifest,
    "settings" => Targets.Settings,
    "rfb" => Targets.Rfb,
    "canary" => Targets.Canary,
    _ => null,
};
if (run is null)
{
    Console.Error.WriteLine("usage: FbDisplay.Fuzz udp|can|evdev|status-json|update-manifest|settings|rfb|canary  (run under afl-fuzz by fuzz.sh)");
    return 2;
}

Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    run(buffer.ToArray());
});
return 0;

internal static class Targets
{
    /// <summary>UDP datagrams, split in 24-byte pieces as the socket would hand them over, into the battery decoder.</summary>
    public static void Udp(byte[] input)
    {
        var decoder = new BatteryDecoder(new BatteryState(), new FrameCounters());
        for (int offset = 0; offset < input.Length; offset += EvtvUdpCodec.DatagramLength)
        {
            ReadOnlySpan<byte> datagram = input.AsSpan(offset, Math.Min(EvtvUdpCodec.DatagramLength + (offset % 3), input.Length - offset));
            if (EvtvUdpCodec.TryParse(datagram, out CanFrame frame) == FrameRejectReason.None)
            {
                decoder.Apply(frame, offset);
            }
        }
    }

    /// <summary>struct can_frame reads from a CAN_RAW socket (16 bytes each), into the battery decoder.</summary>
    public static void Can(byte[] input)
    {
        var decoder = new BatteryDecoder(new BatteryState(), new FrameCounters());
        for (int offset = 0; offset < input.Length; offset += 16)
        {
            if (LinuxCanFrameCodec.TryParse(input.AsSpan(offset, Math.Min(16, input.Length - offset)), out CanFrame frame) == FrameRejectReason.None)
            {
                decoder.Apply(frame, offset);
            }
        }
    }

    /// <summary>Bytes read from /dev/input/eventN, in reads of any length (64-bit input_event).</summary>
    public static void EvDev(byte[] input)
    {
        var decoder = new EvDevTouchDecoder(24, new TouchMapper(new TouchAxis(0, 4095), new TouchAxis(0, 4095), 800, 480));
        var events = new List<TouchEvent>();
        int read = input.Length > 0 ? 1 + (input[0] % 97) : 1;
        for (int offset = 0; offset < input.Length; offset += read)
        {
            decoder.Decode(input.AsSpan(offset, Math.Min(read, input.Length - offset)), offset, events);
        }

        decoder.Release(input.Length, events);
    }

    /// <summary>An MQTT RECEIVER's status message (the SENDER's JSON, docs/status-json.md).</summary>
    public static void StatusJson(byte[] input) => _ = RemoteStatus.TryRead(input, new RemoteStatus());

    /// <summary>The harness's own check: the UDP codec, then a planted crash on input starting with '!' that afl must report.</summary>
    public static void Canary(byte[] input)
    {
        _ = EvtvUdpCodec.TryParse(input, out _);
        if (input.Length > 0 && input[0] == '!')
        {
            throw new InvalidOperationException("the canary: afl found the planted crash");
        }
    }

    private static readonly string SettingsDirectory = Directory.CreateTempSubdirectory("fbdisplay-fuzz-settings-").FullName;

    /// <summary>
    /// settings.json as the app reads it at start: loaded (set aside when broken or holding a key twice), migrated,
    /// flattened, every catalogue setting's value normalised and unknown keys reported. Nothing may throw.
    /// </summary>
    public static void Settings(byte[] input)
    {
        var file = new FbDisplay.Services.Storage.SettingsFile(SettingsDirectory, TimeProvider.System);
        File.WriteAllBytes(file.Path, input);
        try
        {
            System.Text.Json.Nodes.JsonObject root = file.LoadOrRecover();
            if (file.RecoveryMessage is null)
            {
                _ = FbDisplay.Services.Storage.SettingsMigration.Current.Migrate(root);
            }

            var problems = new FbDisplay.Settings.SettingsProblems();
            var reader = new FbDisplay.Settings.SettingsReader(FbDisplay.Services.Storage.SettingsFile.Flatten(root), problems);
            reader.ReportUnknownKeys();
            foreach (FbDisplay.Settings.Setting setting in FbDisplay.Settings.Catalog.All)
            {
                if (reader.Raw(setting.Key) is { } raw)
                {
                    _ = setting.TryNormalize(raw, out _);
                }
            }
        }
        finally
        {
            foreach (string f in Directory.EnumerateFiles(SettingsDirectory))
            {
                File.Delete(f); // a set-aside copy per broken input would fill the disk
            }
        }
    }

    private static readonly Lazy<FbDisplay.Services.Vnc.VncServer> VncServer = new(() =>
    {
        var mirror = new FbDisplay.Services.Vnc.MirroringDisplayOutput(new NullOutput(800, 480));
        byte[] screen = new byte[800 * 480 * 4];
        for (int i = 0; i < screen.Length; i++)
        {
            screen[i] = (byte)((i * 7) ^ (i >> 11)); // something for the encoders to compress
        }

        mirror.Flush(screen, 800 * 4, [new FbDisplay.Core.Display.PixelRect(0, 0, 800, 480)]);
        var options = new FbDisplay.Services.Vnc.VncOptions { Password = RfbClientStream.Password, AuthFailureDelay = TimeSpan.Zero };
        return new FbDisplay.Services.Vnc.VncServer(options, mirror, null, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    });

    /// <summary>
    /// RFB client messages after a correct 3.8 handshake (the harness answers the DES challenge, which afl cannot):
    /// SetPixelFormat, SetEncodings, update requests, pointer and cut-text events through the server's own session,
    /// which encodes real updates of a patterned screen in whatever format the input asks for. A protocol error or the
    /// end of the input ends the session, as a closed socket would; any other exception is a crash.
    /// </summary>
    public static void Rfb(byte[] input) =>
        VncServer.Value.RunSessionAsync(new RfbClientStream(input), () => { }, "fuzz", CancellationToken.None, System.Net.IPAddress.Loopback)
            .GetAwaiter().GetResult();

    /// <summary>An update bundle's manifest.json: only FormatException is an answer (the update is refused with it).</summary>
    public static void UpdateManifest(byte[] input)
    {
        try
        {
            _ = FbDisplay.Services.Update.UpdateManifest.Parse(input);
        }
        catch (FormatException)
        {
        }
    }
}

/// <summary>A display that keeps nothing: the mirror in front of it is what the VNC session reads.</summary>
internal sealed class NullOutput(int width, int height) : FbDisplay.Core.Display.IDisplayOutput
{
    public int Width => width;

    public int Height => height;

    public string Description => "fuzz";

    public long BytesFlushed => 0;

    public void Flush(ReadOnlySpan<byte> bgraBackBuffer, int backBufferStrideBytes, ReadOnlySpan<FbDisplay.Core.Display.PixelRect> dirty)
    {
    }

    public void Dispose()
    {
    }
}

/// <summary>
/// The client's side of one connection: "RFB 003.008", security type 2, the DES answer to the challenge the server
/// writes, ClientInit, then the fuzz input as client messages, then end of stream. What the server writes is dropped.
/// </summary>
internal sealed class RfbClientStream(byte[] messages) : Stream
{
    public const string Password = "fuzz1234";

    private const int ChallengeAt = 12 + 2; // the server's version string, then its security types

    private readonly List<byte> _toServer = [.. "RFB 003.008\n"u8.ToArray(), 2];
    private readonly byte[] _written = new byte[ChallengeAt + FbDisplay.Services.Vnc.VncAuth.ChallengeLength];
    private int _writtenCount;
    private int _readAt;
    private bool _answered;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, _toServer.Count - _readAt);
        for (int i = 0; i < n; i++)
        {
            buffer[i] = _toServer[_readAt + i];
        }

        _readAt += n;
        return n; // 0 = the client closed the connection
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        int take = Math.Min(buffer.Length, _written.Length - _writtenCount);
        buffer[..take].CopyTo(_written.AsSpan(_writtenCount));
        _writtenCount += take;
        if (!_answered && _writtenCount == _written.Length)
        {
            _answered = true;
            _toServer.AddRange(FbDisplay.Services.Vnc.VncAuth.Response(Password, _written.AsSpan(ChallengeAt)));
            _toServer.Add(1); // ClientInit: shared
            _toServer.AddRange(messages);
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
