using System.Diagnostics;
using System.Globalization;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.History;
using FbDisplay.Linux.Display;
using FbDisplay.Ui.Rendering;
using FbDisplay.Ui.Screens;

namespace FbDisplay.Benchmarks;

/// <summary>
/// The display engine's budgets (issue 4), measured with the real main screen and the real framebuffer flush (into a
/// file-backed virtual framebuffer): full frame vs a typical data tick, bytes copied, bytes allocated, and the real
/// app's CPU and RSS with 1 Hz data. Prints figures; run with `--budget` (add `--cpu-seconds N`, default 60).
/// </summary>
internal static class DisplayBudget
{
    public static int Run(string[] args)
    {
        int cpuSeconds = args.SkipWhile(a => a != "--cpu-seconds").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(60);
        string dir = Path.Combine(Path.GetTempPath(), $"fbd-budget-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            RenderFigures(dir);
            if (cpuSeconds > 0)
            {
                ProcessFigures(dir, cpuSeconds);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        return 0;
    }

    private static void RenderFigures(string dir)
    {
        var time = TimeProvider.System;
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, new FrameCounters());
        var soc = new BarHistory();
        var power = new BarHistory();
        using FbDevOutput output = FbDevOutput.Open(new FrameBufferOptions(Path.Combine(dir, "fb0.raw")));
        using var renderer = new UiRenderer(output, time);
        var context = new DisplayContext(state, soc, power, time) { Address = "192.168.1.50" };
        using var screen = new MainScreen(context);
        renderer.Show(screen);
        long second = time.GetUtcNow().ToUnixTimeSeconds();
        for (int i = 0; i < 3600; i++)
        {
            power.Append(second - 3600 + i, 3000 * MathF.Sin(i / 300f));
            soc.Append(second - 3600 + i, 50 + (10 * MathF.Sin(i / 900f)));
        }

        int step = 0;

        // The issue's typical tick: a dial value, three numbers (amps, kW, pack volts) and one chart column change.
        void TypicalChange()
        {
            step++;
            long ts = time.GetTimestamp();
            decoder.Apply(BatteryFrameEncoder.Pack(-30 - (step % 17), 41.1f + ((step % 5) * 0.1f), -1415.7f, 36, 30), ts);
            float v = 3.25f + ((step % 7) * 0.01f);
            decoder.Apply(BatteryFrameEncoder.Cells(step % 16, 16, [v, v, v, v, v, v]), ts);
        }

        void DataChange()
        {
            // One second's worth of controller data: pack (dial, amps, kW, volts), SOC, summary and one module.
            step++;
            long ts = time.GetTimestamp();
            decoder.Apply(BatteryFrameEncoder.Pack(-30 - (step % 17), 41.1f + ((step % 5) * 0.1f), -1415.7f, 36, 30), ts);
            decoder.Apply(BatteryFrameEncoder.Soc(50 + ((step % 9) * 0.5f)), ts);
            decoder.Apply(BatteryFrameEncoder.CellSummary(3.2f, 3.3f, 3.25f + ((step % 3) * 0.001f)), ts);
            decoder.Apply(BatteryFrameEncoder.Cutoffs(4.2f, 3.2f), ts);
            float v = 3.25f + ((step % 7) * 0.01f);
            decoder.Apply(BatteryFrameEncoder.Cells(step % 16, 16, [v, v, v, v, v, v]), ts);
        }

        for (int i = 0; i < 300; i++)
        {
            DataChange();
            renderer.Tick();
        }

        // Full frame: everything invalidated, rendered and flushed.
        var full = new List<double>();
        long fullBytes = 0;
        for (int i = 0; i < 200; i++)
        {
            renderer.Dirty.InvalidateAll();
            long b0 = output.BytesFlushed;
            long t0 = Stopwatch.GetTimestamp();
            renderer.Tick();
            full.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            fullBytes = output.BytesFlushed - b0;
        }

        var typical = new List<double>();
        var copied = new List<long>();
        for (int i = 0; i < 1000; i++)
        {
            TypicalChange();
            long b0 = output.BytesFlushed;
            long t0 = Stopwatch.GetTimestamp();
            renderer.Tick();
            typical.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            copied.Add(output.BytesFlushed - b0);
        }

        // A whole second of controller data at once: both dials, SOC, the average line across the cells, a module.
        var second1 = new List<double>();
        var copied1 = new List<double>();
        for (int i = 0; i < 500; i++)
        {
            DataChange();
            long b0 = output.BytesFlushed;
            long t0 = Stopwatch.GetTimestamp();
            renderer.Tick();
            second1.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            copied1.Add(output.BytesFlushed - b0);
        }

        // Allocation over 10,000 steady-state ticks at 30 fps with 1 Hz data (every 30th tick carries data).
        long allocated = 0;
        for (int i = 0; i < 10_000; i++)
        {
            if (i % 30 == 0)
            {
                DataChange();
            }

            long a0 = GC.GetAllocatedBytesForCurrentThread();
            renderer.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - a0;
        }

        double fullMedian = Median(full), typicalMedian = Median(typical);
        double copiedMedian = Median(copied.Select(c => (double)c).ToList());
        Console.WriteLine("== Display engine (main screen, real flush into a file-backed framebuffer, 800x480 BGRX) ==");
        Console.WriteLine(Inv($"full frame render + flush: median {fullMedian:0.000} ms ({fullBytes} bytes copied)"));
        Console.WriteLine(Inv($"typical data tick:        median {typicalMedian:0.000} ms = {typicalMedian / fullMedian * 100:0.0} % of a full frame (budget <= 20 %)"));
        Console.WriteLine(Inv($"bytes copied per typical tick: median {copiedMedian:0} = {copiedMedian / fullBytes * 100:0.0} % of the frame (budget <= 15 %)"));
        Console.WriteLine(Inv($"whole second of data (every group changes): median {Median(second1):0.000} ms = {Median(second1) / fullMedian * 100:0.0} %, {Median(copied1) / fullBytes * 100:0.0} % of the bytes"));
        Console.WriteLine(Inv($"bytes allocated over 10,000 ticks with 1 Hz data: {allocated} (budget 0)"));
    }

    private static void ProcessFigures(string dir, int seconds)
    {
        string bin = AppContext.BaseDirectory;
        int udp = 16600 + (Environment.ProcessId % 1000);
        using Process app = Start(Path.Combine(bin, "fbdisplay.dll"),
            $"--DataDir={Path.Combine(dir, "data")}", $"--Display:Framebuffer={Path.Combine(dir, "app-fb0.raw")}",
            "--Display:Touch=none", $"--Udp:Port={udp}", "--Web:Urls=");
        using Process sim = Start(Path.Combine(bin, "fbdisplay-sim.dll"), "--target", "127.0.0.1", "--port", $"{udp}", "--interval", "1", "--quiet");
        try
        {
            WaitSeconds(10); // start-up and JIT are not the steady state
            TimeSpan cpu0 = Cpu(app);
            long t0 = Stopwatch.GetTimestamp();
            WaitSeconds(seconds);
            double wall = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            double cpu = (Cpu(app) - cpu0).TotalSeconds;
            app.Refresh();
            Console.WriteLine(Inv($"== The app with 1 Hz data from the simulator, {seconds} s after a 10 s warm-up =="));
            Console.WriteLine(Inv($"CPU: {cpu / wall * 100:0.00} % of one core (budget <= 1 %)"));
            Console.WriteLine(Inv($"RSS: {app.WorkingSet64 / 1048576.0:0.0} MiB (budget <= 120 MB)"));
        }
        finally
        {
            sim.Kill();
            app.Kill();
        }
    }

    private static TimeSpan Cpu(Process p)
    {
        p.Refresh();
        return p.TotalProcessorTime;
    }

    private static void WaitSeconds(int s) => new ManualResetEventSlim().Wait(TimeSpan.FromSeconds(s));

    /// <summary>Starts a program of this output directory (the app, the simulator) with its output drained.</summary>
    internal static Process Start(string dll, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static double Median(List<double> v)
    {
        v.Sort();
        return v[v.Count / 2];
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
