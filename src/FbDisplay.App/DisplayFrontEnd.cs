using System.Globalization;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading.Channels;
using FbDisplay.Core.Can;
using FbDisplay.Core.Display;
using FbDisplay.Core.Input;
using FbDisplay.Linux.Backlight;
using FbDisplay.Linux.Display;
using FbDisplay.Linux.Input;
using FbDisplay.Linux.Terminal;
using FbDisplay.Services.Vnc;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Rendering;
using FbDisplay.Ui.Screens;
using FbDisplay.Ui.Settings;
using Microsoft.Extensions.Logging;
using SkiaSharp;

namespace FbDisplay.App;

/// <summary>
/// The screen side of the tick: owns the framebuffer, the console's graphics mode, the touch reader, the renderer and
/// the screens. Everything here runs on the UI thread except the touch reader and the address refresher, which only
/// hand values over.
/// </summary>
public sealed class DisplayFrontEnd : IFrontEnd, IDisposable
{
    private static readonly TimeSpan LongPressPoll = TimeSpan.FromMilliseconds(50);

    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly IDisplayOutput _output;
    private readonly MirroringDisplayOutput? _mirror;
    private readonly ConsoleGraphicsMode? _console;
    private readonly UiRenderer _renderer;
    private readonly Channel<TouchEvent> _touches;
    private readonly EvDevTouchSource? _touch;
    private readonly Dictionary<ScreenId, FbDisplay.Ui.Screen> _screens = [];
    private readonly ITimer _addressTimer;
    private readonly ScreenSleep _sleep;
    private SysfsBacklight? _backlight;
    private int _brightness = 100;

    public DisplayFrontEnd(
        AppSettings settings, DisplayContext context, TickLoop loop, TimeProvider time, ILogger log, ISettingsBackend settingsBackend, INetworkManager network)
    {
        _time = time;
        _log = log;
        Context = context;
        var rotation = (DisplayRotation)settings.Rotation;
        _output = FbDevOutput.Open(new FrameBufferOptions(
            settings.Framebuffer, settings.DisplayWidth, settings.DisplayHeight, ParseFormat(settings.DisplayFormat), rotation));
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

        if (settings.VncEnabled)
        {
            // Screen sharing keeps its own copy of what was flushed; the renderer still flushes only dirty rectangles.
            _mirror = new MirroringDisplayOutput(_output);
            _output = _mirror;
        }

        _renderer = new UiRenderer(_output, time);
        _sleep = CreateSleep(settings, time, log);
        _touches = Channel.CreateBounded<TouchEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var touchOptions = new TouchOptions(settings.Touch, _output.Width, _output.Height, rotation)
        {
            Calibration = string.IsNullOrWhiteSpace(settings.TouchCalibration) ? null : DisplaySettingsPage.ParseCalibration(settings.TouchCalibration),
        };
        if (!touchOptions.IsDisabled)
        {
            int panelW = rotation is DisplayRotation.Rotate90 or DisplayRotation.Rotate270 ? _output.Height : _output.Width;
            int panelH = rotation is DisplayRotation.Rotate90 or DisplayRotation.Rotate270 ? _output.Width : _output.Height;
            _touch = new EvDevTouchSource(
                touchOptions with { PanelWidth = panelW, PanelHeight = panelH },
                new WakingChannelWriter<TouchEvent>(_touches.Writer, loop.Wake), time, m => AdapterLog.Write(log, m));
        }

        RemoteTouches = new WakingChannelWriter<TouchEvent>(_touches.Writer, loop.Wake);
        context.Navigate = Show;
        Screens = new ScreenSet(context, settingsBackend, network, _output.Width, _output.Height);
        _renderer.Overlay = Screens.Banner;
        foreach ((ScreenId id, FbDisplay.Ui.Screen screen) in Screens.All)
        {
            Register(id, screen);
        }

        _renderer.Show(_screens[ScreenId.Main]);
        RefreshAddress(null);
        _addressTimer = time.CreateTimer(RefreshAddress, null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    public DisplayContext Context { get; }

    public UiRenderer Renderer => _renderer;

    /// <summary>Every screen: main, logs, cells, settings pages, keyboard, dialogs.</summary>
    public ScreenSet Screens { get; }

    public IDisplayOutput Output => _output;

    /// <summary>The screen as screen sharing sees it; null when sharing is off.</summary>
    public MirroringDisplayOutput? Mirror => _mirror;

    /// <summary>Where remote viewers' touches go (same queue as the touchscreen's; wakes the UI thread).</summary>
    public ChannelWriter<TouchEvent> RemoteTouches { get; }

    public ScreenId Current { get; private set; }

    /// <summary>Adds a screen the navigation can show (the settings and log screens register here).</summary>
    public void Register(ScreenId id, FbDisplay.Ui.Screen screen) => _screens[id] = screen;

    public void Show(ScreenId id)
    {
        if (_screens.TryGetValue(id, out FbDisplay.Ui.Screen? screen))
        {
            Current = id;
            _renderer.Show(screen);
        }
    }

    public void Tick(long timestamp)
    {
        while (_touches.Reader.TryRead(out TouchEvent t))
        {
            if (_sleep.OnTouch(t))
            {
                _renderer.OnTouch(t);
            }
        }

        _sleep.Tick(timestamp);
        _renderer.Tick();
    }

    public TimeSpan NextDeadline(long timestamp)
    {
        TimeSpan untilSleep = _sleep.UntilSleep(timestamp);
        return _renderer.IsTouching ? LongPressPoll : untilSleep;
    }

    /// <summary>Sets the backlight brightness now (UI thread; the sysfs write goes to the thread pool).</summary>
    public void SetBrightness(int percent)
    {
        _brightness = Math.Clamp(percent, 5, 100);
        if (!_sleep.IsAsleep)
        {
            SysfsBacklight? backlight = _backlight;
            int p = _brightness;
            _ = Task.Run(() => SetLight(backlight, p, true, _log));
        }
    }

    /// <summary>Lights a sleeping screen (a raised alarm, the hardware button); on the UI thread.</summary>
    public void WakeScreen() => _sleep.Wake(_time.GetTimestamp());

    public void SetSleepMinutes(int minutes) => _sleep.After = TimeSpan.FromMinutes(Math.Max(0, minutes));

    /// <summary>Screen sleep and brightness; the sysfs writes go to the thread pool so the UI thread never does I/O.</summary>
    private ScreenSleep CreateSleep(AppSettings settings, TimeProvider time, ILogger log)
    {
        _brightness = settings.BrightnessPercent;
        SysfsBacklight? backlight = null;
        try
        {
            backlight = SysfsBacklight.Find();
        }
        catch (IOException e)
        {
            log.LogWarning("Backlight not available: {Error}", e.Message);
        }

        _backlight = backlight;
        if (backlight is null)
        {
            log.LogInformation("No backlight in /sys/class/backlight: brightness and screen sleep do nothing here");
        }
        else
        {
            _ = Task.Run(() => SetLight(backlight, settings.BrightnessPercent, true, log));
        }

        return new ScreenSleep(time, TimeSpan.FromMinutes(settings.SleepMinutes))
        {
            SwitchLight = on =>
            {
                int p = _brightness;
                _ = Task.Run(() => SetLight(backlight, p, on, log));
            },
        };
    }

    private static void SetLight(SysfsBacklight? backlight, int percent, bool on, ILogger log)
    {
        if (backlight is null)
        {
            return;
        }

        try
        {
            if (on)
            {
                backlight.Percent = percent;
            }

            backlight.IsOn = on;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Backlight {Directory}: {Error}", backlight.Directory, e.Message);
        }
    }

    /// <summary>Copies the back buffer on the UI thread (a memcpy), encodes PNG on the caller's thread.</summary>
    public static async Task<byte[]?> CaptureAsync(TickLoop loop, DisplayFrontEnd front, CancellationToken ct)
    {
        var done = new TaskCompletionSource<(byte[] Pixels, int W, int H, int Stride)>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!loop.Post(() => done.TrySetResult((front._renderer.BackBuffer.ToArray(), front._renderer.Width, front._renderer.Height, front._renderer.StrideBytes))))
        {
            return null;
        }

        (byte[] pixels, int w, int h, int stride) = await done.Task.WaitAsync(TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
        var info = new SKImageInfo(w, h, SKColorType.Bgra8888, SKAlphaType.Premul);
        using SKImage image = SKImage.FromPixelCopy(info, pixels, stride);
        using SKData png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    public void Dispose()
    {
        _addressTimer.Dispose();
        _touch?.Dispose();
        _renderer.Dispose();
        foreach (FbDisplay.Ui.Screen s in _screens.Values)
        {
            s.Dispose();
        }

        _output.Dispose();
        _console?.Dispose();
    }

    internal static FramebufferFormat ParseFormat(string name) =>
        Enum.TryParse(name, ignoreCase: true, out FramebufferFormat f) ? f : FramebufferFormat.Bgrx8888;

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

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_output.Description}, {Current}");
}
