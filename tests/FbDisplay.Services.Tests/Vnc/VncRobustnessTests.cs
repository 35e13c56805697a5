using System.Diagnostics;
using System.Net.Sockets;
using FbDisplay.Core.Display;
using FbDisplay.Services.Vnc;
using FbDisplay.TestSupport;

namespace FbDisplay.Services.Tests.Vnc;

[CancelAfter(120_000)]
public class VncRobustnessTests
{
    [Test]
    public async Task Garbage_half_handshakes_and_a_client_that_never_reads_neither_stop_the_display_nor_grow_memory(CancellationToken ct)
    {
        var options = new VncOptions
        {
            Password = VncTestBench.Password,
            AuthFailureDelay = TimeSpan.Zero,
            MaxClients = 64,
            MaxPendingPerAddress = 64, // every bad client here comes from one address; the per-address cap has its own test
            MaxPending = 64,
            HandshakeTimeout = TimeSpan.FromSeconds(2),
            WriteTimeout = TimeSpan.FromSeconds(3),
            IdleTimeout = TimeSpan.FromSeconds(30),
        };
        await using var bench = new VncTestBench(options);
        bench.Paint(new PixelRect(0, 0, 800, 480), seed: 1);

        // The UI thread: a change every 10 ms, timed. It must never wait on a client.
        using var stopTicking = new CancellationTokenSource();
        long ticks = 0;
        double worstFlushMs = 0;
        var ui = new Thread(() =>
        {
            int i = 0;
            while (!stopTicking.IsCancellationRequested)
            {
                long t0 = Stopwatch.GetTimestamp();
                bench.Paint(new PixelRect((i * 37) % 700, (i * 11) % 400, 100, 80), seed: i);
                worstFlushMs = Math.Max(worstFlushMs, Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                Interlocked.Increment(ref ticks);
                i++;
                stopTicking.Token.WaitHandle.WaitOne(10);
            }
        }) { IsBackground = true, Name = "fake UI" };
        ui.Start();

        GC.Collect();
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var sockets = new List<Socket>();
        try
        {
            // A client that asks for full frames as fast as it can and never reads a byte.
            using Socket glutton = await VncServerTests.RawConnectAsync(bench.Port, ct);
            glutton.ReceiveBufferSize = 4096;
            await HandshakeRawAsync(glutton, ct);
            var fullRequest = new byte[] { 3, 0, 0, 0, 0, 0, 0x03, 0x20, 0x01, 0xE0 };
            Task asking = Task.Run(async () =>
            {
                // Keeps asking until the server gives up on it (the send then fails).
                try
                {
                    while (!ct.IsCancellationRequested)
                    {
                        await glutton.SendAsync(fullRequest, ct);
                        await Task.Delay(5, ct);
                    }
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    // closed by the server: what we expect
                }
            }, ct);

            // Random bytes, half handshakes, wrong versions: 40 connections.
            var random = new Random(42);
            for (int i = 0; i < 40; i++)
            {
                Socket s = await VncServerTests.RawConnectAsync(bench.Port, ct);
                sockets.Add(s);
                switch (i % 4)
                {
                    case 0:
                        var junk = new byte[random.Next(1, 300)];
                        random.NextBytes(junk);
                        s.Send(junk);
                        break;
                    case 1:
                        s.Send("RFB 003.0"u8); // half a version, then silence
                        break;
                    case 2:
                        s.Send("RFB 003.008\n\x07"u8); // a security type never offered
                        break;
                    default:
                        break; // connect and say nothing
                }
            }

            // A good client keeps getting updates all along.
            using RfbTestClient good = await RfbTestClient.ConnectAsync(bench.Port, VncTestBench.Password, ct: ct);
            await good.SetEncodingsAsync([RfbEncoding.Tight], ct);
            long ticksAtStart = Interlocked.Read(ref ticks);
            for (int i = 0; i < 20; i++)
            {
                await good.RequestAsync(incremental: true, ct: ct);
                await good.ReadUpdateAsync(ct);
            }

            Assert.That(Interlocked.Read(ref ticks), Is.GreaterThan(ticksAtStart), "the display keeps ticking");

            // Handshake time-outs and the write time-out fire; every bad connection is counted and gone.
            await Eventually.TrueAsync(() => bench.Server.Counters.HandshakeFailures >= 40 && bench.Server.Counters.SlowClients >= 1, ct, timeoutMs: 20_000,
                () => $"handshake failures {bench.Server.Counters.HandshakeFailures}, slow {bench.Server.Counters.SlowClients}, active {bench.Server.Counters.Active}, updates {bench.Server.Counters.Updates}");
            await Eventually.TrueAsync(() => bench.Server.Counters.Active == 1, ct);
            long ticksBefore = Interlocked.Read(ref ticks);
            await Task.Delay(300, ct);
            Assert.That(Interlocked.Read(ref ticks), Is.GreaterThan(ticksBefore + 5));
        }
        finally
        {
            await stopTicking.CancelAsync();
            ui.Join();
        }

        GC.Collect();
        long heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        foreach (Socket s in sockets)
        {
            s.Dispose();
        }

        VncCounters c = bench.Server.Counters;
        TestContext.Out.WriteLine(
            $"ticks {ticks}, worst flush {worstFlushMs:0.00} ms, heap {heapBefore / 1024} -> {heapAfter / 1024} KiB, " +
            $"handshake failures {c.HandshakeFailures}, slow {c.SlowClients}, updates {c.Updates}, sent {c.BytesSent / 1024} KiB");
        Assert.That(heapAfter - heapBefore, Is.LessThan(16L << 20), "closed clients leave nothing behind");
        Assert.That(worstFlushMs, Is.LessThan(50), "the UI thread never waits on a client");
    }

    private static async Task HandshakeRawAsync(Socket s, CancellationToken ct)
    {
        using var stream = new NetworkStream(s, ownsSocket: false);
        var v = new byte[12];
        await stream.ReadExactlyAsync(v, ct);
        await stream.WriteAsync("RFB 003.008\n"u8.ToArray(), ct);
        var types = new byte[2];
        await stream.ReadExactlyAsync(types, ct);
        await stream.WriteAsync(new byte[] { 2 }, ct);
        var challenge = new byte[16];
        await stream.ReadExactlyAsync(challenge, ct);
        await stream.WriteAsync(VncAuth.Response(VncTestBench.Password, challenge), ct);
        var result = new byte[4];
        await stream.ReadExactlyAsync(result, ct);
        await stream.WriteAsync(new byte[] { 1 }, ct);
        var init = new byte[24 + 9];
        await stream.ReadExactlyAsync(init, ct);
    }
}
