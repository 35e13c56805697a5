using System.Net;
using System.Runtime.InteropServices;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Status;
using FbDisplay.Linux.Can;
using FbDisplay.Linux.Gpio;
using FbDisplay.Linux.Systemd;
using FbDisplay.Services.Logging;
using FbDisplay.Ui.Screens;
using FbDisplay.Services.Storage;
using FbDisplay.Services.Udp;
using FbDisplay.Services.Vnc;
using FbDisplay.Services.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>The composition root: reads settings, wires readers, loop, log and outputs, runs until SIGTERM/SIGINT.</summary>
public static class AppHost
{
    public const int ExitOk = 0;
    public const int ExitAlreadyRunning = 3;
    public const int ExitBadDataDir = 4;

    public static async Task<int> RunAsync(string[] args, TimeProvider time)
    {
        using ILoggerFactory loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .SetMinimumLevel(LogLevel.Information));
        ILogger log = loggers.CreateLogger("fbdisplay");

        // DataDir first (from environment and command line), then settings.json inside it, overridden by both again.
        IConfiguration early = new ConfigurationBuilder().AddEnvironmentVariables("FBDISPLAY_").AddCommandLine(args).Build();
        string dataDir = Path.GetFullPath(early["DataDir"] ?? AppSettings.DefaultDataDir());
        try
        {
            Directory.CreateDirectory(dataDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogCritical("Cannot create the data directory {DataDir}: {Error}", dataDir, e.Message);
            return ExitBadDataDir;
        }

        var settingsFile = new SettingsFile(dataDir, time);
        UpdateWiring.MigrateSettings(settingsFile.Path, log);
        settingsFile.LoadOrRecover();
        if (settingsFile.RecoveryMessage is { } recovery)
        {
            log.LogWarning("{Message}", recovery);
        }

        IConfiguration config = new ConfigurationBuilder()
            .AddJsonFile(settingsFile.Path, optional: true, reloadOnChange: false)
            .AddEnvironmentVariables("FBDISPLAY_")
            .AddCommandLine(args)
            .Build();
        AppSettings settings = AppSettings.From(config) with { DataDir = dataDir };
        foreach (string problem in settings.Problems)
        {
            log.LogWarning("Setting ignored: {Problem}", problem);
        }

        using FileStream? instanceLock = TryLockSingleInstance(dataDir);
        if (instanceLock is null)
        {
            log.LogCritical("Another fbdisplay is already running with data directory {DataDir}.", dataDir);
            return ExitAlreadyRunning;
        }

        var updates = new UpdateWiring(config, time, log);
        if (updates.CheckAtStart())
        {
            return UpdateWiring.ExitRestart; // rolled back: the supervisor starts the previous release
        }

        using var cts = new CancellationTokenSource();
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            cts.Cancel();
        });
        using PosixSignalRegistration intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            cts.Cancel();
        });

        log.LogInformation("fbdisplay {Version} starting; data in {DataDir}", UpdateWiring.RunningVersion, dataDir);
        updates.RequestStop = cts.Cancel;
        await using var app = new DisplayApp(settings, config, time, loggers) { SettingsFile = settingsFile, RequestStop = cts.Cancel, Updates = updates };
        using var systemd = new SystemdNotifier(time);
        if (systemd.Problem is { } notifyProblem)
        {
            log.LogWarning("systemd notifications off: {Problem}", notifyProblem);
        }

        app.Start();

        // Kestrel takes seconds to start on a slow CPU: the screen must not stay blank meanwhile, so the web server
        // starts beside the UI loop. If it fails with more than the IOException it reports itself, the loop stops
        // and the await below rethrows, as before.
        Task web = Task.Run(app.StartWebAsync);
        _ = web.ContinueWith(
            _ =>
            {
                try
                {
                    cts.Cancel();
                }
                catch (ObjectDisposedException)
                {
                }
            },
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        app.Loop.Heartbeat = () =>
        {
            systemd.Ping();
            updates.Heartbeat();
        };
        systemd.NotifyReady();
        app.RunUiThread(cts.Token);
        systemd.NotifyStopping();
        await web.ConfigureAwait(false);
        log.LogInformation("fbdisplay stopping");
        return updates.RestartRequested ? UpdateWiring.ExitRestart : ExitOk;
    }

    /// <summary>.NET takes an flock for FileShare.None on Unix, so a second instance on the same data directory fails here.</summary>
    private static FileStream? TryLockSingleInstance(string dataDir)
    {
        try
        {
            return new FileStream(Path.Combine(dataDir, ".fbdisplay.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>Everything the running display owns, built from settings.</summary>
public sealed class DisplayApp : IAsyncDisposable
{
    private readonly AppSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggers;
    private readonly ConsoleStatusSink? _console;
    private UdpCanSource? _udp;
    private DisplayFrontEnd? _front;
    private ITimer? _demoShots;
    private SocketCanSource? _can;
    private StatusWebServer? _web;
    private VncServer? _vnc;
    private DisplayContext? _context;
    private readonly IConfiguration _config;

    public DisplayApp(AppSettings settings, IConfiguration config, TimeProvider time, ILoggerFactory loggers)
    {
        _settings = settings;
        _config = config;
        _time = time;
        _log = loggers.CreateLogger("fbdisplay");
        _loggers = loggers;
        Counters = new FrameCounters();
        Frames = FrameChannel.Create(Counters);
        Decoder = new BatteryDecoder(new BatteryState(), Counters) { InvertCurrent = settings.InvertCurrent };
        Loop = new TickLoop(time, Frames.Reader, Decoder, settings.MaxFps);
        Relay = new Relay(config, settings.DataDir, Loop, LearnedController, time, _log);
        Loop.ControllerChanged = OnControllerChanged;
        Log = new PowerSafeLogWriter(settings.DataDir, time, TimeSpan.FromSeconds(settings.LogFlushSeconds));
        Loop.AddSecondSink(new LogSink(Log));
        History = new HistoryWiring(config, settings.DataDir, time, _log);
        Loop.AddSecondSink(History);
        Energy = new EnergyWiring(config, settings.DataDir, time, _log);
        Loop.AddSecondSink(Energy);
        Alarms = new AlarmWiring(config, settings.DataDir, Decoder.State, () => Relay.Publisher?.Connection ?? Relay.Subscriber?.Connection, time, _log);
        Loop.AddEverySecond(Alarms.Evaluate);
        Loop.AddEverySecond(AfterSecond);
        Gpio = CreateGpio(config, time, _log);
        if (Gpio is not null)
        {
            Gpio.ButtonPressed += OnButton;
        }
        if (settings.ConsoleStatus)
        {
            _console = new ConsoleStatusSink(Counters);
            Loop.AddSecondSink(_console);
        }
    }

    public FrameCounters Counters { get; }

    /// <summary>settings.json, where the settings screens save.</summary>
    public SettingsFile? SettingsFile { get; init; }

    /// <summary>UPDATE SOFTWARE and the update state for About; set by the host.</summary>
    public UpdateWiring? Updates { get; init; }

    /// <summary>Stops the app (EXIT on the system page); set by the host.</summary>
    public Action RequestStop { get; init; } = () => { };

    public System.Threading.Channels.Channel<ReceivedFrame> Frames { get; }

    public BatteryDecoder Decoder { get; }

    public TickLoop Loop { get; }

    public PowerSafeLogWriter Log { get; }

    public UdpCanSource? Udp => _udp;

    public Relay Relay { get; }

    public HistoryWiring History { get; }

    public AlarmWiring Alarms { get; }

    public EnergyWiring Energy { get; }

    /// <summary>Alarm relay/buzzer outputs and the acknowledge button; null when no pin is configured.</summary>
    public GpioAlarmPins? Gpio { get; }

    public SocketCanSource? Can => _can;

    public DisplayFrontEnd? FrontEnd => _front;

    public void Start()
    {
        // The rings belong to the UI thread, which is not running yet: refill them from history.db now.
        int rebuilt = History.Start(Loop.SocHistory, Loop.PowerHistory, _time.GetUtcNow().ToUnixTimeSeconds());
        if (rebuilt > 0)
        {
            _log.LogInformation("SOC and power logs refilled with {Seconds} stored seconds", rebuilt);
        }

        Energy.Start();
        Alarms.Start();
        Alarms.Changed += OnAlarmsChanged;
        Gpio?.Update(Alarms.Monitor.Raised, Alarms.Monitor.Unacknowledged);
        StartDisplay();
        StartScreenSharing();
        Log.Start();
        if (Log.RepairedBytes > 0)
        {
            _log.LogWarning("Cut a torn last line ({Bytes} bytes) off {File}", Log.RepairedBytes, Log.FilePath);
        }

        Relay.Start();
        if (Relay.IsReceiver)
        {
            _log.LogInformation("MQTT RECEIVER: showing {Topic}; UDP and CAN are not read", $"EVTV/{Relay.Options.BmsId}/CompleteStatus");
            return;
        }

        try
        {
            _udp = new UdpCanSource(_settings.UdpPort, Frames.Writer, Counters, _time, Loop.Wake, message => _log.LogError("{Message}", message));
            _udp.Start();
            _log.LogInformation("Listening for controller datagrams on UDP port {Port}", _udp.LocalPort);
        }
        catch (IOException e)
        {
            _log.LogError("{Error}", e.Message);
        }

        if (!string.IsNullOrWhiteSpace(_settings.CanInterface))
        {
            _can = new SocketCanSource(
                _settings.CanInterface, new WakingChannelWriter<ReceivedFrame>(Frames.Writer, Loop.Wake), Counters, _time,
                message => AdapterLog.Write(_log, message));
            _log.LogInformation("Reading CAN frames from {Interface}", _settings.CanInterface);
        }
    }

    private void StartDisplay()
    {
        if (string.IsNullOrWhiteSpace(_settings.Framebuffer))
        {
            _log.LogInformation("No framebuffer configured: running headless");
            return;
        }

        var context = new DisplayContext(Decoder.State, Loop.SocHistory, Loop.PowerHistory, _time)
        {
            SourceDescription = Relay.IsReceiver ? $"MQTT EVTV/{Relay.Options.BmsId}/CompleteStatus"
                : string.IsNullOrWhiteSpace(_settings.CanInterface)
                ? $"UDP port {_settings.UdpPort}"
                : $"UDP port {_settings.UdpPort} and CAN {_settings.CanInterface}",
            Alarms = Alarms.Monitor,
            TemperatureUnit = _settings.TemperatureUnit,
        };
        _context = context;
        if (Updates?.Message is { Length: > 0 } updateMessage)
        {
            // "Update to 0.3.0 failed; rolled back to 0.2.0" (or why nothing was installed) greets the owner on the main screen.
            context.StatusMessage = updateMessage;
        }
        try
        {
            var backend = new SettingsBackend(_settings, SettingsFile ?? new SettingsFile(_settings.DataDir, _time), Log, Counters, _time, () => RequestStop())
            {
                Controller = Relay.SettingsSink,
                ApplyLive = ApplyLive,
                Configuration = _config,
                Updates = Updates,
            };
            _front = new DisplayFrontEnd(_settings, context, Loop, _time, _log, backend, new NmcliNetworkManager());
        }
        catch (IOException e)
        {
            // No screen must not mean no log: keep logging and serving, and say why there is no picture.
            _log.LogError("Display not started: {Error}", e.Message);
            return;
        }

        Loop.FrontEnd = _front;
        Screenshot = ct => DisplayFrontEnd.CaptureAsync(Loop, _front, ct);
        if (!string.IsNullOrWhiteSpace(_settings.DemoScreenshotPath))
        {
            string path = _settings.DemoScreenshotPath;
            _demoShots = _time.CreateTimer(_ => _ = WriteDemoScreenshotAsync(path), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>The VNC server, when screen sharing runs.</summary>
    public VncServer? Vnc => _vnc;

    private void StartScreenSharing()
    {
        if (!_settings.VncEnabled)
        {
            _log.LogInformation("Screen sharing off: no Vnc:Password is set (or set Vnc:AllowNoPassword=true)");
            return;
        }

        if (_front?.Mirror is not { } mirror)
        {
            _log.LogInformation("Screen sharing off: there is no screen");
            return;
        }

        var options = new VncOptions
        {
            Port = _settings.VncPort,
            Password = _settings.VncPassword,
            AllowNoPassword = _settings.VncAllowNoPassword,
            ViewOnly = _settings.VncViewOnly,
            MaxClients = _settings.VncMaxClients,
            IdleTimeout = TimeSpan.FromSeconds(_settings.VncIdleTimeoutSeconds),
        };
        if (options.Problem() is { } problem)
        {
            _log.LogWarning("Screen sharing off: {Problem}", problem);
            return;
        }

        _vnc = new VncServer(options, mirror, _front.RemoteTouches, _time, _loggers.CreateLogger("vnc"));
        try
        {
            _vnc.Start();
            _log.LogInformation(
                _vnc.Port > 0 ? "Screen sharing: VNC on TCP port {Port}{Mode}" : "Screen sharing: browser view only{Mode}",
                _vnc.Port, options.ViewOnly ? " (view only)" : "");
        }
        catch (IOException e)
        {
            _log.LogError("{Error}; the browser view still works", e.Message);
        }
    }

    private static GpioAlarmPins? CreateGpio(IConfiguration config, TimeProvider time, ILogger log)
    {
        GpioOptions options = GpioOptions.From(key => config[key]);
        foreach (string p in options.Problems)
        {
            log.LogWarning("Setting ignored: {Problem}", p);
        }

        if (!options.IsEnabled)
        {
            return null;
        }

        var pins = new GpioAlarmPins(options, time, m => log.LogWarning("{Message}", m));
        log.LogInformation("GPIO: {Status}", pins.Status);
        return pins;
    }

    /// <summary>On the UI thread, once a second after the alarms: what the board, MQTT and the screens show beside the battery.</summary>
    private IPAddress? LearnedController() => Loop.ControllerAddress is 0 ? null : new IPAddress(Loop.ControllerAddress);

    /// <summary>On the UI thread: SAVE now goes elsewhere, which the owner must see.</summary>
    private void OnControllerChanged(uint previous, uint current)
    {
        string message = $"Controller is now {new IPAddress(current)} (was {new IPAddress(previous)}).";
        _log.LogWarning("{Message}", message);
        if (_context is { } c)
        {
            c.StatusMessage = message;
        }
    }

    private void AfterSecond(long timestamp)
    {
        Energy.AfterSecond(_time.GetUtcNow().ToUnixTimeSeconds());
        AlarmMonitor alarms = Alarms.Monitor;
        Loop.Extras = new StatusExtras(alarms.Raised, alarms.Unacknowledged, Energy.Counters.Totals, Energy.Estimate, _context?.TemperatureUnit ?? _settings.TemperatureUnit);
        if (_context is { } c)
        {
            c.Energy = Energy.Counters.Totals;
            c.Estimate = Energy.Estimate;
            c.CapacityAmpHours = Energy.CapacityAmpHours;
        }
    }

    /// <summary>On the UI thread: outputs follow the alarms; a new alarm lights a sleeping screen.</summary>
    private void OnAlarmsChanged(AlarmSet raised, AlarmSet unacknowledged)
    {
        Gpio?.Update(raised, unacknowledged);
        Loop.Extras = Loop.Extras with { AlarmsRaised = raised, AlarmsUnacknowledged = unacknowledged };
        if (unacknowledged != AlarmSet.None)
        {
            _front?.WakeScreen();
        }
    }

    /// <summary>The hardware button (a timer thread): acknowledge and light the screen, on the UI thread.</summary>
    private void OnButton(object? sender, EventArgs e) => Loop.Post(() =>
    {
        _front?.WakeScreen();
        Alarms.Monitor.AcknowledgeAll();
    });

    /// <summary>Settings the running display can take at once (SAVE runs on the UI thread); the rest wait for a restart.</summary>
    internal bool ApplyLive(string key, string value)
    {
        switch (key)
        {
            case "Battery:InvertCurrent" when bool.TryParse(value, out bool invert):
                Decoder.InvertCurrent = invert;
                return true;
            case "Display:Brightness" when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out int percent) && _front is not null:
                _front.SetBrightness(percent);
                return true;
            case "Display:SleepMinutes" when int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out int minutes) && _front is not null:
                _front.SetSleepMinutes(minutes);
                return true;
            case "Controller:CapacityAh" when float.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out float ah) && ah > 0:
                Energy.CapacityAmpHours = ah;
                return true;
            case not null when key.StartsWith("Alarms:", StringComparison.Ordinal) && key.EndsWith(":Threshold", StringComparison.Ordinal)
                && Enum.TryParse(key["Alarms:".Length..^":Threshold".Length], out AlarmKind kind)
                && double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double threshold):
                Alarms.Monitor.Settings = Alarms.Monitor.Settings.With(kind, Alarms.Monitor.Settings[kind] with { Threshold = threshold });
                return true;
            case "Display:TemperatureUnit" when Core.Units.Temperatures.TryParse(value, out Core.Units.TemperatureUnit unit) && _context is not null:
                _context.TemperatureUnit = unit;
                return true;
            default:
                return false;
        }
    }

    private async Task WriteDemoScreenshotAsync(string path)
    {
        try
        {
            byte[]? png = await Screenshot(CancellationToken.None).ConfigureAwait(false);
            if (png is not null)
            {
                AtomicFile.WriteAllBytes(path, png);
            }
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            _log.LogWarning("Screenshot not written: {Error}", e.Message);
        }
    }

    /// <summary>The screen as PNG, or null when headless.</summary>
    public ScreenshotProvider Screenshot { get; set; } = _ => Task.FromResult<byte[]?>(null);

    public StatusWebServer? Web => _web;

    public async Task StartWebAsync()
    {
        if (string.IsNullOrWhiteSpace(_settings.WebUrls))
        {
            return;
        }

        try
        {
            _web = new StatusWebServer(_settings.WebUrls, Loop.Board, ct => Screenshot(ct), new AppMetrics(this), () => (Relay.Options.BmsId ?? "", Relay.Options.DisplayId ?? ""), _loggers, History.Store, _time);
            if (_vnc is not null)
            {
                _web.AddScreenSharing(_vnc.RunWebSocketAsync);
            }

            _web.AddJson("/api/alarms", () => Services.Alarms.AlarmJournal.Serialize(Alarms.Snapshot));

            await _web.StartAsync().ConfigureAwait(false);
            _log.LogInformation("Web server on {Urls}", string.Join(' ', _web.Urls));
        }
        catch (IOException e)
        {
            _log.LogError("Web server not started on {Urls}: {Error}", _settings.WebUrls, e.Message);
            _web = null;
        }
    }

    public void RunUiThread(CancellationToken ct) => Loop.Run(ct);

    public async ValueTask DisposeAsync()
    {
        if (_demoShots is not null)
        {
            await _demoShots.DisposeAsync().ConfigureAwait(false);
        }

        if (_web is not null)
        {
            await _web.DisposeAsync().ConfigureAwait(false);
        }

        if (_vnc is not null)
        {
            await _vnc.DisposeAsync().ConfigureAwait(false);
        }

        _udp?.Dispose();
        _can?.Dispose();
        await Relay.DisposeAsync().ConfigureAwait(false);
        await History.DisposeAsync().ConfigureAwait(false);
        Alarms.Dispose();
        Energy.Dispose();
        if (Gpio is not null)
        {
            Gpio.ButtonPressed -= OnButton;
            Gpio.Dispose();
        }
        await Log.DisposeAsync().ConfigureAwait(false);
        if (_console is not null)
        {
            await _console.DisposeAsync().ConfigureAwait(false);
        }

        _front?.Dispose();
        Loop.Dispose();
    }
}
