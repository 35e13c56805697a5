using System.Diagnostics;
using System.Globalization;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.History;
using FbDisplay.Linux.Display;
using FbDisplay.Services.Vnc;
using FbDisplay.TestSupport;
using FbDisplay.Ui.Rendering;
using FbDisplay.Ui.Screens;
using Microsoft.Extensions.Logging.Abstractions;

namespace FbDisplay.Benchmarks;

/// <summary>
/// Screen sharing's cost (issue 8): the real main screen flushed through the mirror into a file-backed framebuffer,
/// one VNC client on loopback asking for incremental updates, a typical data tick each time. Prints bytes sent per
/// tick per encoding, the server's catch-up + encode time per tick, and what the mirror adds to the UI thread.
/// Run with `--vnc`.
/// </summary>
internal static class VncBudget
{
    private const int Ticks = 500;

    public static async Task<int> RunAsync()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"fbd-vnc-budget-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            Console.WriteLine("== Screen sharing (main screen 800x480, one client on loopback, typical data tick) ==");
            foreach ((string name, int[] encodings) in new[] { ("Tight", new[] { RfbEncoding.Tight }), ("Raw", new[] { RfbEncoding.Raw }) })
            {
                await MeasureAsync(dir, name, encodings);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static async Task MeasureAsync(string dir, string name, int[] encodings)
    {
        var time = TimeProvider.System;
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, new FrameCounters());
        using FbDevOutput fb = FbDevOutput.Open(new FrameBufferOptions(Path.Combine(dir, $"fb0-{name}.raw")));
        using var mirror = new MirroringDisplayOutput(fb);
        using var renderer = new UiRenderer(mirror, time);
        var context = new DisplayContext(state, new BarHistory(), new BarHistory(), time) { Address = "192.168.1.50" };
        using var screen = new MainScreen(context);
        renderer.Show(screen);
        int step = 0;
        void TypicalChange()
        {
            step++;
            long ts = time.GetTimestamp();
            decoder.Apply(BatteryFrameEncoder.Pack(-30 - (step % 17), 41.1f + ((step % 5) * 0.1f), -1415.7f, 36, 30), ts);
            float v = 3.25f + ((step % 7) * 0.01f);
            decoder.Apply(BatteryFrameEncoder.Cells(step % 16, 16, [v, v, v, v, v, v]), ts);
        }

        for (int i = 0; i < 100; i++)
        {
            TypicalChange();
            renderer.Tick();
        }

        // What the mirror adds on the UI thread: the same ticks with and without a client connected cost the same,
        // so measure the mirror's share directly as bytes copied and the flush time with the mirror in the path.
        await using var server = new VncServer(new VncOptions { Password = "bench" }, mirror, null, time, NullLogger.Instance);
        server.Start(portOverride: 0);
        using RfbTestClient client = await RfbTestClient.ConnectAsync(server.Port, "bench");
        await client.SetEncodingsAsync(encodings);
        await client.RequestAsync(incremental: false);
        await client.ReadUpdateAsync();
        long fullFrameBytes = client.BytesReceived;

        var bytesPerTick = new List<double>();
        var tickMs = new List<double>();
        long mirrored0 = mirror.BytesMirrored;
        TimeSpan encode0 = server.Counters.EncodeTime;
        TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        long wall0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < Ticks; i++)
        {
            await client.RequestAsync(incremental: true);
            TypicalChange();
            long t0 = Stopwatch.GetTimestamp();
            renderer.Tick();
            tickMs.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            long b0 = client.BytesReceived;
            await client.ReadUpdateAsync();
            bytesPerTick.Add(client.BytesReceived - b0);
        }

        double wall = Stopwatch.GetElapsedTime(wall0).TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        double encodeUs = (server.Counters.EncodeTime - encode0).TotalMicroseconds / Ticks;
        double mirroredPerTick = (double)(mirror.BytesMirrored - mirrored0) / Ticks;
        Console.WriteLine(Inv($"{name,-5}: first full frame {fullFrameBytes / 1024.0:0.0} KiB; per typical tick: median {Median(bytesPerTick):0} bytes sent ") +
            Inv($"(max {bytesPerTick.Max():0}), server catch-up + encode {encodeUs:0} us, UI tick incl. mirror copy median {Median(tickMs):0.000} ms ") +
            Inv($"({mirroredPerTick:0} bytes mirrored); whole process (server + test client) {cpu / Ticks * 1000:0.00} ms CPU per tick, {Ticks / wall:0} ticks/s"));
    }

    private static double Median(List<double> v)
    {
        double[] s = [.. v.Order()];
        return s[s.Length / 2];
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
