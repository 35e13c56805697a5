using System.Globalization;
using System.Net;

namespace FbDisplay.Simulator;

/// <summary>Command-line options of fbdisplay-sim. `--help` prints them.</summary>
public sealed record SimulatorOptions
{
    public IPAddress Target { get; init; } = IPAddress.Broadcast;
    public int Port { get; init; } = 6500;
    public string? CanInterface { get; init; }
    public int Modules { get; init; } = 8;
    public double Speed { get; init; } = 1;
    public double IntervalSeconds { get; init; } = 1;
    public TimeSpan? StartTimeOfDay { get; init; }
    public double StartSoc { get; init; } = 55;

    /// <summary>--capacity: the pack's amp-hours; 0 = from the module count.</summary>
    public double CapacityAh { get; init; }

    /// <summary>--backfill-days: simulate this many days up to now before sending, into <see cref="BackfillLog"/>.</summary>
    public double BackfillDays { get; init; }

    /// <summary>--backfill-log: the PowerSafe100.log the backfilled days are written to.</summary>
    public string? BackfillLog { get; init; }
    public int Seed { get; init; } = 42;
    public bool Extensions { get; init; }

    /// <summary>Contactors reported open in 0x654 (with --extensions): none, negative, positive or both.</summary>
    public FbDisplay.Core.Battery.ControllerFlags OpenContactors { get; init; }

    /// <summary>--protocol: evtv (default) or pylontech.</summary>
    public FbDisplay.Core.Battery.BatteryProtocol Protocol { get; init; } = FbDisplay.Core.Battery.BatteryProtocol.Evtv;

    /// <summary>--cell-extremes: with pylontech, also send 0x373.</summary>
    public bool CellExtremes { get; init; }

    /// <summary>Fault code reported in 0x654 (with --extensions).</summary>
    public int FaultCode { get; init; }
    public string? ReplayPath { get; init; }
    public int FloodRate { get; init; }
    public double DurationSeconds { get; init; }
    public int? Count { get; init; }
    public bool Quiet { get; init; }

    /// <summary>TCP port of the settings listener (docs/controller-link.md); 0 = none.</summary>
    public int ControllerPort { get; init; }

    /// <summary>Local address the settings listener binds to (default: every address).</summary>
    public IPAddress ControllerBind { get; init; } = IPAddress.Any;

    public const string Help = """
        fbdisplay-sim: a stand-in EVTV ESP32 battery controller.
          --target ADDR        where to send UDP (default 255.255.255.255; 127.0.0.1 for local tests)
          --port N             UDP port (default 6500)
          --can IFACE          also send on a SocketCAN interface (e.g. vcan0)
          --modules N          modules of 6 cells, 1-40 (default 8)
          --speed X            time acceleration (default 1; 60 = a minute per second)
          --interval S         seconds between frame bursts (default 1)
          --start HH:MM        simulated time of day to start at (default: now)
          --soc P              starting state of charge (default 55)
          --capacity AH        the pack's capacity (default 232 Ah per two modules; tell the display the same)
          --backfill-days D    first live D days up to now in a moment, writing each second to --backfill-log,
                               then go on sending in real time from where they ended (the demo's history)
          --backfill-log FILE  the PowerSafe100.log those days go to (written whole, then renamed into place)
          --seed N             random seed (default 42)
          --extensions         also send 0x151, bytes 6-7 of 0x651, 0x654 and 0x683 (what real controllers add)
          --protocol NAME      evtv (default, the EVTV controller) or pylontech (the Pylontech-compatible inverter protocol)
          --cell-extremes      with --protocol pylontech, also send 0x373 (lowest/highest cell and temperature)
          --contactor WHICH    report a contactor open in 0x654: negative, positive or both (with --extensions)
          --fault N            report fault code N (0-63) in 0x654 (with --extensions)
          --replay FILE        replay a PowerSafe100.log instead of simulating
          --flood RATE         send RATE datagrams/s of the battery frames as fast as allowed (load test)
          --duration S         stop after S seconds
          --count N            stop after N bursts
          --quiet              no per-second status line
          --controller-port N  accept settings over TCP on port N (the display's Controller:Port, default 6501)
          --controller-bind ADDR  listen for settings on this local address only (default: all)
        """;

    public static SimulatorOptions Parse(string[] args)
    {
        var o = new SimulatorOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value.");
            double Num() => double.Parse(Next(), CultureInfo.InvariantCulture);
            o = a switch
            {
                "--target" => o with { Target = IPAddress.Parse(Next()) },
                "--port" => o with { Port = (int)Num() },
                "--can" => o with { CanInterface = Next() },
                "--modules" => o with { Modules = (int)Num() },
                "--speed" => o with { Speed = Num() },
                "--interval" => o with { IntervalSeconds = Num() },
                "--start" => o with { StartTimeOfDay = TimeSpan.Parse(Next(), CultureInfo.InvariantCulture) },
                "--soc" => o with { StartSoc = Num() },
                "--capacity" => o with { CapacityAh = Num() },
                "--backfill-days" => o with { BackfillDays = Num() },
                "--backfill-log" => o with { BackfillLog = Next() },
                "--seed" => o with { Seed = (int)Num() },
                "--extensions" => o with { Extensions = true },
                "--contactor" => o with { OpenContactors = Contactors(Next()) },
                "--protocol" => o with { Protocol = Next().ToLowerInvariant() switch
                {
                    "evtv" => FbDisplay.Core.Battery.BatteryProtocol.Evtv,
                    "pylontech" => FbDisplay.Core.Battery.BatteryProtocol.Pylontech,
                    string other => throw new ArgumentException($"--protocol takes evtv or pylontech, not {other}."),
                } },
                "--cell-extremes" => o with { CellExtremes = true },
                "--fault" => o with { FaultCode = Math.Clamp((int)Num(), 0, 63) },
                "--replay" => o with { ReplayPath = Next() },
                "--flood" => o with { FloodRate = (int)Num() },
                "--duration" => o with { DurationSeconds = Num() },
                "--count" => o with { Count = (int)Num() },
                "--quiet" => o with { Quiet = true },
                "--controller-port" => o with { ControllerPort = (int)Num() },
                "--controller-bind" => o with { ControllerBind = IPAddress.Parse(Next()) },
                _ => throw new ArgumentException($"Unknown option {a}. Try --help."),
            };
        }

        if (o.BackfillDays > 0 && o.BackfillLog is null)
        {
            throw new ArgumentException("--backfill-days needs --backfill-log FILE.");
        }

        return o;
    }

    private static FbDisplay.Core.Battery.ControllerFlags Contactors(string which) => which switch
    {
        "negative" => FbDisplay.Core.Battery.ControllerFlags.NegativeContactorOpen,
        "positive" => FbDisplay.Core.Battery.ControllerFlags.PositiveContactorOpen,
        "both" => FbDisplay.Core.Battery.ControllerFlags.ContactorsOpen,
        "none" => FbDisplay.Core.Battery.ControllerFlags.None,
        _ => throw new ArgumentException($"--contactor takes negative, positive, both or none, not {which}."),
    };
}
