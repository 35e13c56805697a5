using System.Diagnostics;
using System.Globalization;
using FbDisplay.Core.Can;
using FbDisplay.Simulator;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(SimulatorOptions.Help);
    return 0;
}

SimulatorOptions options;
try
{
    options = SimulatorOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
if (options.DurationSeconds > 0)
{
    cts.CancelAfter(TimeSpan.FromSeconds(options.DurationSeconds));
}

using var udp = new UdpFrameSender(options.Target, options.Port);
using FbDisplay.Linux.Can.SocketCanSender? can = options.CanInterface is null ? null : OpenCan(options.CanInterface);
var run = new SimulatorRun(options, udp, TimeProvider.System) { Can = can };
using ControllerServer? controller = options.ControllerPort > 0
    ? new ControllerServer(run.Battery, options.ControllerPort, options.ControllerBind, log: Console.WriteLine)
    : null;
if (controller is not null)
{
    controller.Start();
    Console.WriteLine($"controller settings on TCP port {controller.Port.ToString(CultureInfo.InvariantCulture)}");
}

try
{
    if (options.FloodRate > 0)
    {
        run.Flood(cts.Token);
    }
    else if (options.ReplayPath is not null)
    {
        await run.ReplayAsync(cts.Token);
    }
    else
    {
        if (options.BackfillDays > 0)
        {
            var watch = Stopwatch.StartNew();
            long seconds;
            try
            {
                seconds = run.Backfill();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Cannot write the backfill to {options.BackfillLog}: {e.Message}");
                return 1;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"backfilled {seconds / 86400.0:0.#} days ({seconds} seconds) into {options.BackfillLog} in {watch.Elapsed.TotalSeconds:0.0} s; SOC now {run.Battery.SocPercent:0.0} %, capacity {run.Battery.CapacityAmpHours:0} Ah"));
        }

        await run.SimulateAsync(cts.Token);
    }
}
catch (OperationCanceledException)
{
}

Console.WriteLine($"sent {udp.Sent.ToString(CultureInfo.InvariantCulture)} datagrams");
return 0;

static FbDisplay.Linux.Can.SocketCanSender? OpenCan(string name)
{
    try
    {
        return FbDisplay.Linux.Can.SocketCanSender.Open(name);
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"CAN off: {e.Message}");
        return null;
    }
}

namespace FbDisplay.Simulator
{
    /// <summary>The simulator's main loops, separate from Program so tests can drive them.</summary>
    internal sealed class SimulatorRun(SimulatorOptions options, UdpFrameSender udp, TimeProvider time)
    {
        private readonly List<CanFrame> _frames = new(64);

        /// <summary>The simulated battery; the controller server changes its cutoffs.</summary>
        public BatterySimulator Battery { get; } = new(options.Modules, options.Seed, options.StartSoc, options.CapacityAh) { SendExtensions = options.Extensions, OpenContactors = options.OpenContactors, FaultCode = options.FaultCode, Protocol = options.Protocol, SendCellExtremes = options.CellExtremes };

        /// <summary>Also send every frame on this SocketCAN interface.</summary>
        public FbDisplay.Linux.Can.SocketCanSender? Can { get; init; }

        /// <summary>
        /// Lives <see cref="SimulatorOptions.BackfillDays"/> up to now, one step a second, and writes each second to
        /// <see cref="SimulatorOptions.BackfillLog"/> in the manual's format: written to a temporary file, flushed to
        /// disk and renamed, so whoever waits for the file sees all of it or nothing. Returns the seconds written.
        /// </summary>
        public long Backfill()
        {
            string path = options.BackfillLog ?? throw new InvalidOperationException("No --backfill-log.");
            DateTimeOffset end = time.GetLocalNow();
            long endUnix = end.ToUnixTimeSeconds();
            long startUnix = endUnix - (long)(options.BackfillDays * 86400);
            string temporary = path + ".tmp";
            Span<byte> line = stackalloc byte[FbDisplay.Core.Logging.PowerSafeLogLine.MaxBytes];
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                for (long t = startUnix; t < endUnix; t++)
                {
                    DateTime local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(t), time.LocalTimeZone).DateTime;
                    Battery.Step(1, local);
                    int n = FbDisplay.Core.Logging.PowerSafeLogLine.Format(Battery.Sample(t), local, line);
                    file.Write(line[..n]);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            return endUnix - startUnix;
        }

        public async Task SimulateAsync(CancellationToken ct)
        {
            BatterySimulator battery = Battery;
            DateTime now = time.GetLocalNow().DateTime;
            DateTime simTime = options.StartTimeOfDay is TimeSpan tod ? now.Date + tod : now;
            var period = TimeSpan.FromSeconds(options.IntervalSeconds);
            using var timer = new PeriodicTimer(period, time);
            int bursts = 0;
            do
            {
                double simSeconds = options.IntervalSeconds * options.Speed;
                simTime = simTime.AddSeconds(simSeconds);
                battery.Step(simSeconds, simTime);
                _frames.Clear();
                battery.WriteFrames(_frames);
                foreach (CanFrame f in _frames)
                {
                    udp.Send(f, (uint)Environment.TickCount);
                    Can?.Send(f);
                }

                if (!options.Quiet)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{simTime:HH:mm:ss} SOC {battery.SocPercent,5:0.0}%  {battery.PackVolts,5:0.0} V  {battery.CurrentAmps,7:0.0} A  solar {battery.SolarWatts,5:0} W  load {battery.LoadWatts,5:0} W"));
                }

                if (options.Count is int max && ++bursts >= max)
                {
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(ct));
        }

        public async Task ReplayAsync(CancellationToken ct)
        {
            var replay = new LogReplay(options.ReplayPath!);
            var delay = TimeSpan.FromSeconds(options.IntervalSeconds / Math.Max(options.Speed, 1e-3));
            foreach ((var record, CanFrame[] frames) in replay.Read())
            {
                foreach (CanFrame f in frames)
                {
                    udp.Send(f);
                }

                if (!options.Quiet)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{record.LocalTime:MM/dd/yyyy HH:mm:ss} SOC {record.SocPercent:0.0}%"));
                }

                await Task.Delay(delay, time, ct);
            }
        }

        /// <summary>Sends the battery frames round-robin at a fixed datagram rate, paced in 1 ms slices.</summary>
        public void Flood(CancellationToken ct)
        {
            var battery = new BatterySimulator(options.Modules, options.Seed, options.StartSoc);
            battery.WriteFrames(_frames);
            long start = Stopwatch.GetTimestamp();
            long sent = 0;
            int next = 0;
            while (!ct.IsCancellationRequested)
            {
                double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                long due = (long)(elapsed * options.FloodRate);
                while (sent < due)
                {
                    udp.Send(_frames[next]);
                    next = (next + 1) % _frames.Count;
                    sent++;
                }

                ct.WaitHandle.WaitOne(1);
            }
        }
    }
}
