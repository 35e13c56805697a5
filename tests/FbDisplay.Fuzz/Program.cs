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
    "canary" => Targets.Canary,
    _ => null,
};
if (run is null)
{
    Console.Error.WriteLine("usage: FbDisplay.Fuzz udp|can|evdev|status-json|update-manifest|canary  (run under afl-fuzz by fuzz.sh)");
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
