using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.History;
using FbDisplay.Core.Status;
using FbDisplay.Linux.Gpio;
using FbDisplay.Services.Controller;
using FbDisplay.Services.Logging;
using FbDisplay.Services.Storage;
using FbDisplay.Settings;
using FbDisplay.Ui.Screens;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// Everything the running display owns, as a list of feature modules around the tick loop: frame sources, the log,
/// history, energy, alarms and GPIO, the controller and MQTT links, the touchscreen, screen sharing and the web server.
/// Built from settings, started in order, disposed in reverse.
/// </summary>
public sealed class Appliance : IAsyncDisposable
{
    private readonly AppSettings _settings;
    private readonly SettingsReader _config;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggers;
    private readonly ConsoleStatusSink? _console;
    private TouchScreen? _screen;

    public Appliance(AppSettings settings, SettingsReader config, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _config = config;
        _time = time;
        _log = loggers.CreateLogger("fbdisplay");
        _loggers = loggers;
        Counters = new FrameCounters();
        Frames = FrameChannel.Create(Counters);
        Decoder = new BatteryDecoder(new BatteryState(), Counters) { InvertCurrent = settings.InvertCurrent, Protocol = settings.BatteryProtocol };
        Sources = new FrameSources(settings, Frames.Writer, Counters, time, _log);
        Loop = new TickLoop(time, Frames.Reader, Decoder, settings.MaxFps);
        Notices = new LanNotices(Loop, Sources, () => _screen?.Context, _log);
        Failures = new FailureNotices(this, _log);
        Controller = new ControllerLink(ControllerLinkOptions.Read(config), Notices.LearnedController, time);
        Mqtt = new MqttLink(Services.Mqtt.MqttOptions.Read(config, settings.DataDir), Controller, Loop.Board, Loop.Wake, time, _log);
        Loop.RemoteStatuses = Mqtt.Statuses; // a RECEIVER shows the remote battery instead of the frames
        Log = new PowerSafeLogWriter(settings.DataDir, time, TimeSpan.FromSeconds(settings.LogFlushSeconds));
        Loop.AddSecondSink(new LogSink(Log));
        History = new HistoryModule(config, settings.DataDir, time, _log);
        Loop.AddSecondSink(History);
        Energy = new EnergyModule(config, settings.DataDir, time, _log);
        Loop.AddSecondSink(Energy);
        Alarms = new AlarmModule(config, settings.DataDir, Decoder.State, Mqtt.Health, time, _log);
        Loop.AddEverySecond(Alarms.Evaluate);
        Inverter = InverterModule.Create(config, settings, Loop, Decoder, time, _log);

        Loop.AddEverySecond(AfterSecond);
        Gpio = AlarmOutputs.Create(GpioOptions.Read(config), time, _log);
        if (Gpio is not null)
        {
            Gpio.ButtonPressed += OnButton;
        }

        if (settings.ConsoleStatus)
        {
            _console = new ConsoleStatusSink(Counters);
            Loop.AddSecondSink(_console);
        }

        Sharing = new ScreenSharing(settings.Vnc, time, loggers.CreateLogger("vnc"));
        Web = new WebModule(settings.WebUrls, settings.DataDir, settings.Language, loggers);
        Live = LiveSettings.For(this);
    }

    private int _loggedProtocolVersion;

    public FrameCounters Counters { get; }

    /// <summary>settings.json, where the settings screens save.</summary>
    public SettingsFile? SettingsFile { get; init; }

    /// <summary>UPDATE SOFTWARE and the update state for About; set by the host.</summary>
    public UpdateModule? Updates { get; init; }

    /// <summary>Stops the app (EXIT on the system page); set by the host.</summary>
    public Action RequestStop { get; init; } = () => { };

    /// <summary>What start-up found wrong (settings not taken, storage), for the main screen's message line.</summary>
    public StartupNotes Notes { get; init; } = StartupNotes.None;

    public System.Threading.Channels.Channel<ReceivedFrame> Frames { get; }

    public BatteryDecoder Decoder { get; }

    public TickLoop Loop { get; }

    public FrameSources Sources { get; }

    public ControllerLink Controller { get; }

    /// <summary>What a hostile or changing LAN does that the owner must see: a controller move, a shared UDP port.</summary>
    public LanNotices Notices { get; }

    public FailureNotices Failures { get; }

    public MqttLink Mqtt { get; }

    public PowerSafeLogWriter Log { get; }

    public HistoryModule History { get; }

    public AlarmModule Alarms { get; }

    public EnergyModule Energy { get; }

    /// <summary>Alarm relay/buzzer outputs and the acknowledge button; null when no pin is configured.</summary>
    public GpioAlarmPins? Gpio { get; }

    public ScreenSharing Sharing { get; }

    /// <summary>The inverter link; null while Inverter:CanInterface is empty.</summary>
    public InverterModule? Inverter { get; }

    public WebModule Web { get; }

    /// <summary>The settings SAVE applies to the running display, each with its handler.</summary>
    public LiveSettings Live { get; }

    /// <summary>The touchscreen; null when headless or when the framebuffer could not be opened.</summary>
    public TouchScreen? Screen => _screen;

    public void Start()
    {
        // The rings belong to the UI thread, which is not running yet: refill them from history.db now.
        SecondSample[] past = DemoBackfill.Read(_settings.DemoHistoryLog, _time, _log);
        int rebuilt = History.Start(Loop.SocHistory, Loop.PowerHistory, _time.GetUtcNow().ToUnixTimeSeconds(), past);
        if (rebuilt > 0)
        {
            _log.LogInformation("SOC and power logs refilled with {Seconds} stored seconds", rebuilt);
        }

        Energy.Start(past);
        Alarms.Start();
        Alarms.Changed += OnAlarmsChanged;
        Gpio?.Update(Alarms.Monitor.Raised, Alarms.Monitor.Unacknowledged);
        _screen = TouchScreen.Start(_settings, this, _time, _log);
        Sharing.Start(_screen);
        Log.Start();
        if (Log.RepairedBytes > 0)
        {
            _log.LogWarning("Cut a torn last line ({Bytes} bytes) off {File}", Log.RepairedBytes, Log.FilePath);
        }

        Mqtt.Start(_settings.BatteryDevice, _settings.DataDir);
        if (Mqtt.PlainCredentialsWarning is { } plain)
        {
            Failures.Warn(plain, Core.Text.Say.Of(Core.Text.Tx.NoticeMqttPlainPassword), _screen?.Context);
        }
        if (Mqtt.IsReceiver)
        {
            _log.LogInformation("MQTT RECEIVER: showing {Topic}; UDP and CAN are not read", Mqtt.StatusTopic);
            return;
        }

        Sources.Start(Loop.Wake);
    }

    /// <summary>Where the screen's data comes from, in words for the main screen.</summary>
    internal Core.Text.Say SourceDescription => Mqtt.IsReceiver ? Core.Text.Say.Of(Core.Text.Tx.SourceMqtt, Mqtt.StatusTopic) : Sources.Description;

    /// <summary>The settings screens' backend: values, SAVE, the controller limits and the system page's actions.</summary>
    internal SettingsBackend CreateSettingsBackend() =>
        new(_config, SettingsFile ?? new SettingsFile(_settings.DataDir, _time), Log, Counters, _time, () => RequestStop())
        {
            Controller = Mqtt.SettingsSink,
            ApplyLive = Live.Apply,
            Updates = Updates,
            BatteryDrive = RemovableDrive.At(_settings.BatteryDevice),
            Journal = m => _log.LogInformation("{Backup}", m),
        };

    /// <summary>On the UI thread, once a second after the alarms: what the board, MQTT and the screens show beside the battery.</summary>
    private void AfterSecond(long timestamp)
    {
        ProtocolLog.AfterSecond(Decoder, _log, ref _loggedProtocolVersion);
        Energy.AfterSecond(_time.GetUtcNow().ToUnixTimeSeconds());
        AlarmMonitor alarms = Alarms.Monitor;
        DisplayContext? context = _screen?.Context;
        Failures.AfterSecond(context);
        Loop.Extras = new StatusExtras(alarms.Raised, alarms.Unacknowledged, Energy.Counters.Totals, Energy.Estimate, context?.TemperatureUnit ?? _settings.TemperatureUnit) { Inverter = Inverter?.Status ?? default };
        if (context is not null)
        {
            Notices.AfterSecond(context);
            Inverter?.AfterSecond(context);
            context.Energy = Energy.Counters.Totals;
            context.Estimate = Energy.Estimate;
            context.CapacityAmpHours = Energy.CapacityAmpHours;
        }
    }

    /// <summary>On the UI thread: outputs follow the alarms; a new alarm lights a sleeping screen.</summary>
    private void OnAlarmsChanged(AlarmSet raised, AlarmSet unacknowledged)
    {
        Gpio?.Update(raised, unacknowledged);
        Loop.Extras = Loop.Extras with { AlarmsRaised = raised, AlarmsUnacknowledged = unacknowledged };
        if (unacknowledged != AlarmSet.None)
        {
            _screen?.WakeScreen();
        }
    }

    /// <summary>The hardware button (a timer thread): acknowledge and light the screen, on the UI thread.</summary>
    private void OnButton(object? sender, EventArgs e) => Loop.Post(() =>
    {
        _screen?.WakeScreen();
        Alarms.Monitor.AcknowledgeAll();
    });

    public Task StartWebAsync() => Web.StartAsync(this);

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync().ConfigureAwait(false);
        await Sharing.DisposeAsync().ConfigureAwait(false);
        Sources.Dispose();
        Inverter?.Dispose();
        await Mqtt.DisposeAsync().ConfigureAwait(false);
        Controller.Dispose();
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

        _screen?.Dispose();
        Loop.Dispose();
    }
}
