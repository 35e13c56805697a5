using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Settings;
using FbDisplay.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace FbDisplay.App.Tests;

/// <summary>
/// The whole UI-thread loop as the app builds it (decoder, log, history, energy, alarms, the status board), stepped by
/// a manual clock: a steady second of data allocates nothing on the UI thread, alarms raised included.
/// </summary>
[NonParallelizable]
public class TickLoopAllocationTests
{
    [Test]
    public async Task A_steady_second_of_data_allocates_nothing_on_the_ui_thread()
    {
        using var dir = new TempDirectory();
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 24, 23, 59, 0, TimeSpan.Zero));
        var config = new SettingsReader(new Dictionary<string, string?>
        {
            ["Controller:CapacityAh"] = "232",
            ["Alarms:SocLow:Threshold"] = "80", // raised during the warm-up and held: a steady raised alarm
        });
        var settings = new AppSettings { DataDir = dir.Path, Framebuffer = "", WebUrls = "", UdpPort = FreePort.Udp() };
        await using var app = new Appliance(settings, config, time, NullLoggerFactory.Instance);
        app.Start();
        float[] cells = [3.30f, 3.31f, 3.32f, 3.30f, 3.31f, 3.33f];
        int step = 0;
        void Second()
        {
            step++;
            long ts = time.GetTimestamp();
            Write(app, BatteryFrameEncoder.Pack(20f + (step % 5), 52.4f, -10f, 25, 22), ts);
            Write(app, BatteryFrameEncoder.Soc(60f), ts);
            Write(app, BatteryFrameEncoder.CellSummary(3.30f, 3.33f, 3.315f), ts);
            Write(app, BatteryFrameEncoder.Cutoffs(3.65f, 2.8f), ts);
            Write(app, BatteryFrameEncoder.Cells(step % 2, 2, cells), ts);
        }

        // Warm up past local midnight (the energy day rolls) and past the SOC alarm's delay.
        for (int i = 0; i < 120; i++)
        {
            Second();
            time.Advance(TimeSpan.FromSeconds(1));
            app.Loop.RunOnce();
        }

        WaitForWriters(app);
        Assert.That(app.Alarms.Monitor.Raised, Is.EqualTo(Core.Alarms.AlarmSet.SocLow));
        Assert.That(app.Energy.Counters.Totals.TodayChargedKWh, Is.GreaterThan(0));

        long allocated = 0;
        for (int i = 0; i < 600; i++)
        {
            Second();
            time.Advance(TimeSpan.FromSeconds(1)); // the manual clock and its timers allocate; the loop must not
            long before = GC.GetAllocatedBytesForCurrentThread();
            app.Loop.RunOnce();
            long delta = GC.GetAllocatedBytesForCurrentThread() - before;
            if (delta > 0)
            {
                TestContext.Out.WriteLine($"second {i}: {delta} B");
            }

            allocated += delta;
            WaitForWriters(app);
        }

        Assert.That(app.Loop.SamplesTaken, Is.GreaterThanOrEqualTo(720));
        Assert.That(allocated, Is.Zero, "bytes allocated by 600 seconds of ticks");
    }

    /// <summary>
    /// This test runs a second of data in microseconds; the log and history threads get the same head start they
    /// have in real life (a whole second) before the next one, so their hand-over queues never have to grow.
    /// </summary>
    private static void WaitForWriters(Appliance app)
    {
        var wait = System.Diagnostics.Stopwatch.StartNew();
        while ((app.Log.QueuedCount > 0 || app.History.Store?.QueuedCount > 0) && wait.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Yield();
        }
    }

    private static void Write(Appliance app, CanFrame frame, long ts) =>
        Assert.That(app.Frames.Writer.TryWrite(new ReceivedFrame(frame, FrameTransport.Udp, 0x0100007F, ts)), Is.True);
}
