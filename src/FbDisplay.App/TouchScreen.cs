using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading.Channels;
using FbDisplay.Core.Can;
using FbDisplay.Core.Display;
using FbDisplay.Core.Input;
using FbDisplay.Linux.Display;
using FbDisplay.Linux.Input;
using FbDisplay.Linux.Terminal;
using FbDisplay.Services.Storage;
using FbDisplay.Services.Vnc;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Rendering;
using FbDisplay.Ui.Screens;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace FbDisplay.App;

/// <summary>
/// The touchscreen: the framebuffer, the console's graphics mode, the touch reader, the backlight, the renderer and
/// the screens. Everything here runs on the UI thread except the touch reader and the address refresher, which only
/// hand values over.
/// </summary>
public sealed class TouchScreen : IFrontEnd, IDisposable
{
    private static readonly TimeSpan LongPressPoll = TimeSpan.FromMilliseconds(50);

    private readonly TickLoop _loop;
    private readonly ILogger _log;
    private readonly IDisplayOutput _output;
    private readonly ConsoleGraphicsMode? _console;
    private readonly UiRenderer _renderer;
    private readonly Channel<TouchEvent> _touches;
    private readonly EvDevTouchSource? _touch;
    private readonly ITimer _addressTimer;
    private readonly Backlight _backlight;
    private readonly ScreenCapture _capture;
    private ITimer? _demoShots;
    private bool _firstFrameLogged;

    private TouchScreen(AppSettings settings, DisplayContext context, TickLoop loop, ILogger log, Func<ScreenSet> screens)
    {
        _loop = loop;
        _log = log;
        Context = context;
        _output = FbDevOutput.Open(new FrameBufferOptions(settings.Framebuffer, settings.DisplayWidth, settings.DisplayHeight, settings.DisplayFormat, settings.Rotation));
        log.LogInformation("Drawing to {Output}", _output.Description);
        if (_output is FbDevOutput { IsVirtual: false })
        {
            // Keep the text console and its cursor from drawing over us; restored on Dispose (SIGTERM included).
            _console = ConsoleGraphicsMode.Enter();
            if (!_console.IsActive)
            {
                log.LogWarning("Console stays in text mode: {Message}", _console.Message);
            }
        }

        if (settings.Vnc.IsEnabled)
        {
            // Screen sharing keeps its own copy of what was flushed; the renderer still flushes only dirty rectangles.
            Mirror = new MirroringDisplayOutput(_output);
            _output = Mirror;
        }

        _renderer = new UiRenderer(_output, loop.Time);
        _capture = new ScreenCapture(loop, _renderer);
        _backlight = new Backlight(settings.BrightnessPercent, settings.SleepMinutes, loop.Time, log);
        _touches = Channel.CreateBounded<TouchEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _touch = OpenTouch(settings, loop, log);
        RemoteTouches = new WakingChannelWriter<TouchEvent>(_touches.Writer, loop.Wake);
        Screens = screens();
        context.Navigate = Show;
        _renderer.Overlay = Screens.Banner;
        _renderer.Show(Screens[ScreenId.Main]);
        RefreshAddress(null);
        _addressTimer = loop.Time.CreateTimer(RefreshAddress, null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    public DisplayContext Context { get; }

    /// <summary>Every screen: main, logs, cells, settings pages, keyboard, dialogs (the one registry, disposed here).</summary>
    public ScreenSet Screens { get; }

    /// <summary>The screen as screen sharing sees it; null when sharing is off.</summary>
    public MirroringDisplayOutput? Mirror { get; }

    /// <summary>Where remote viewers' touches go (same queue as the touchscreen's; wakes the UI thread).</summary>
    public ChannelWriter<TouchEvent> RemoteTouches { get; }

    public ScreenId Current { get; private set; }

    /// <summary>Opens the screen of <paramref name="appliance"/>; null when headless or when the framebuffer cannot be opened.</summary>
    public static TouchScreen? Start(AppSettings settings, Appliance appliance, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(appliance);
        if (string.IsNullOrWhiteSpace(settings.Framebuffer))
        {
            log.LogInformation("No framebuffer configured: running headless");
            return null;
        }

        var context = new DisplayContext(appliance.Decoder.State, appliance.Loop.SocHistory, appliance.Loop.PowerHistory, time)
        {
            Source = appliance.SourceDescription,
            Alarms = appliance.Alarms.Monitor,
            TemperatureUnit = settings.TemperatureUnit,
            Language = settings.Language,
            StatusMessage = appliance.Notes.ScreenMessage?.In(settings.Language) ?? "", // an update rolled back, "Storage failed", a setting ignored
        };
        TouchScreen screen;
        try
        {
            screen = new TouchScreen(settings, context, appliance.Loop, log,
                () => new ScreenSet(context, appliance.CreateSettingsBackend(), new NmcliNetworkManager(), settings.DisplayWidth, settings.DisplayHeight));
        }
        catch (IOException e)
        {
            // No screen must not mean no log: keep logging and serving, and say why there is no picture.
            log.LogError("Display not started: {Error}", e.Message);
            return null;
        }

        appliance.Loop.FrontEnd = screen;
        if (!string.IsNullOrWhiteSpace(settings.DemoScreenshotPath))
        {
            string path = settings.DemoScreenshotPath;
            screen._demoShots = time.CreateTimer(_ => _ = screen.WriteScreenshotAsync(path), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5));
        }

        return screen;
    }

    public void Show(ScreenId id)
    {
        if (Screens.TryGet(id) is { } screen)
        {
            Current = id;
            _renderer.Show(screen);
        }
    }

    public void Tick(long timestamp)
    {
        while (_touches.Reader.TryRead(out TouchEvent t))
        {
            if (_backlight.Sleep.OnTouch(t))
            {
                _renderer.OnTouch(t);
            }
        }

        _backlight.Sleep.Tick(timestamp);
        _renderer.Tick();
        if (!_firstFrameLogged)
        {
            // The Bench target times start to this line (docs/aot.md); logged once, so the steady tick does not allocate.
            _firstFrameLogged = true;
            _log.LogInformation("First frame shown");
        }
    }

    public TimeSpan NextDeadline(long timestamp) => _renderer.IsTouching ? LongPressPoll : _backlight.Sleep.UntilSleep(timestamp);

    /// <summary>Sets the backlight brightness now (UI thread; the sysfs write goes to the thread pool).</summary>
    public void SetBrightness(int percent) => _backlight.SetBrightness(percent);

    public void SetSleepMinutes(int minutes) => _backlight.Sleep.After = TimeSpan.FromMinutes(Math.Max(0, minutes));

    /// <summary>Lights a sleeping screen (a raised alarm, the hardware button); on the UI thread.</summary>
    public void WakeScreen() => _backlight.Sleep.Wake(_loop.Time.GetTimestamp());

    /// <summary>The screen as PNG (<see cref="ScreenCapture"/>: one encode shared by concurrent requests).</summary>
    public Task<byte[]?> CaptureAsync(CancellationToken ct) => _capture.CaptureAsync(ct);

    public long PngEncodes => _capture.Encodes;

    public void Dispose()
    {
        _demoShots?.Dispose();
        _addressTimer.Dispose();
        _touch?.Dispose();
        _renderer.Dispose();
        Screens.Dispose();
        _output.Dispose();
        _console?.Dispose();
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_output.Description}, {Current}");

    private EvDevTouchSource? OpenTouch(AppSettings settings, TickLoop loop, ILogger log)
    {
        DisplayRotation rotation = settings.Rotation;
        var options = new TouchOptions(settings.Touch, _output.Width, _output.Height, rotation)
        {
            Calibration = TouchCalibration.TryParse(settings.TouchCalibration, out TouchCalibration c) && settings.TouchCalibration.Length > 0 ? c : null,
        };
        if (options.IsDisabled)
        {
            return null;
        }

        bool turned = rotation is DisplayRotation.Rotate90 or DisplayRotation.Rotate270;
        return new EvDevTouchSource(
            options with { PanelWidth = turned ? _output.Height : _output.Width, PanelHeight = turned ? _output.Width : _output.Height },
            new WakingChannelWriter<TouchEvent>(_touches.Writer, loop.Wake), loop.Time, m => AdapterLog.Write(log, m));
    }

    private async Task WriteScreenshotAsync(string path)
    {
        try
        {
            if (await CaptureAsync(CancellationToken.None).ConfigureAwait(false) is { } png)
            {
                AtomicFile.WriteAllBytes(path, png);
            }
        }
        catch (Exception e) when (e is IOException or TimeoutException or UnauthorizedAccessException)
        {
            _log.LogWarning("Screenshot not written: {Error}", e.Message);
        }
    }

    private void RefreshAddress(object? state)
    {
        try
        {
            var addresses = NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
                .Select(a => a.Address.ToString())
                .ToList();
            Context.Address = addresses.Count == 0 ? "no network" : string.Join("  ", addresses.Take(2));
        }
        catch (NetworkInformationException e)
        {
            _log.LogDebug("Address refresh failed: {Error}", e.Message);
        }
    }
}
