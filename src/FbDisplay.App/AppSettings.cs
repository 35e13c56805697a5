using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Core.Units;
using FbDisplay.Settings;

namespace FbDisplay.App;

/// <summary>
/// What the appliance itself reads at start (where frames come from, the screen, the web server, the log), taken from
/// the settings catalogue; each feature with settings of its own reads them in its options (<c>MqttOptions.Read</c>,
/// <c>VncOptions.Read</c>, ...). Defaults, ranges and the one error style are the catalogue's.
/// </summary>
public sealed record AppSettings
{
    public required string DataDir { get; init; }

    public int UdpPort { get; init; } = Catalog.Udp.Port.Default;

    /// <summary>SocketCAN interface name, e.g. can0; empty = off.</summary>
    public string CanInterface { get; init; } = Catalog.Can.Interface.Default;

    public bool InvertCurrent { get; init; } = Catalog.Battery.InvertCurrent.Default;

    public Core.Battery.BatteryProtocol BatteryProtocol { get; init; } = Catalog.Battery.Protocol.Default;

    /// <summary>/dev/fb0, a regular file (virtual framebuffer), or empty for none.</summary>
    public string Framebuffer { get; init; } = Catalog.Display.Framebuffer.Default;

    public int DisplayWidth { get; init; } = Catalog.Display.Width.Default;

    public int DisplayHeight { get; init; } = Catalog.Display.Height.Default;

    public FramebufferFormat DisplayFormat { get; init; } = Catalog.Display.Format.Default;

    public DisplayRotation Rotation { get; init; } = Catalog.Display.Rotation.Default;

    /// <summary>auto, a device path, or none.</summary>
    public string Touch { get; init; } = Catalog.Display.Touch.Default;

    public int MaxFps { get; init; } = Catalog.Display.MaxFps.Default;

    /// <summary>Touch correction saved by the calibration screen; empty = none.</summary>
    public string TouchCalibration { get; init; } = Catalog.Display.TouchCalibration.Default;

    public int BrightnessPercent { get; init; } = Catalog.Display.Brightness.Default;

    /// <summary>Minutes without a touch before the backlight goes off; 0 = never.</summary>
    public int SleepMinutes { get; init; } = Catalog.Display.SleepMinutes.Default;

    public TemperatureUnit TemperatureUnit { get; init; } = Catalog.Display.TemperatureUnit.Default;

    /// <summary>Language of the screens and the web page's default.</summary>
    public DisplayLanguage Language { get; init; } = Catalog.Display.Language.Default;

    /// <summary>Where the built-in web server listens; empty = off.</summary>
    public string WebUrls { get; init; } = Catalog.Web.Urls.Default;

    /// <summary>Seconds between fsyncs of PowerSafe100.log: what a power cut can lose at most.</summary>
    public int LogFlushSeconds { get; init; } = Catalog.Log.FlushSeconds.Default;

    /// <summary>Write a PNG of the screen here every 5 s (the demo's way to show the screen without a browser).</summary>
    public string DemoScreenshotPath { get; init; } = Catalog.Demo.ScreenshotPath.Default;

    public string DemoHistoryLog { get; init; } = Catalog.Demo.HistoryLog.Default;

    /// <summary>Print the live state once a second on standard output.</summary>
    public bool ConsoleStatus { get; init; } = Catalog.General.ConsoleStatus.Default;

    /// <summary>The BATTERY drive's block device (COPY LOG, certificates, updates).</summary>
    public string BatteryDevice { get; init; } = Catalog.Storage.BatteryDevice.Default;

    /// <summary>Screen sharing's settings; its mirror of the screen exists only while sharing is on.</summary>
    public Services.Vnc.VncOptions Vnc { get; init; } = new();

    public static AppSettings Read(SettingsReader s, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new AppSettings
        {
            DataDir = dataDir,
            UdpPort = s.Get(Catalog.Udp.Port),
            CanInterface = s.Get(Catalog.Can.Interface),
            InvertCurrent = s.Get(Catalog.Battery.InvertCurrent),
            BatteryProtocol = s.Get(Catalog.Battery.Protocol),
            Framebuffer = s.Get(Catalog.Display.Framebuffer),
            DisplayWidth = s.Get(Catalog.Display.Width),
            DisplayHeight = s.Get(Catalog.Display.Height),
            DisplayFormat = s.Get(Catalog.Display.Format),
            Rotation = s.Get(Catalog.Display.Rotation),
            Touch = s.Get(Catalog.Display.Touch),
            MaxFps = s.Get(Catalog.Display.MaxFps),
            TouchCalibration = s.Get(Catalog.Display.TouchCalibration),
            BrightnessPercent = s.Get(Catalog.Display.Brightness),
            SleepMinutes = s.Get(Catalog.Display.SleepMinutes),
            TemperatureUnit = s.Get(Catalog.Display.TemperatureUnit),
            Language = s.Get(Catalog.Display.Language),
            WebUrls = s.Get(Catalog.Web.Urls),
            LogFlushSeconds = s.Get(Catalog.Log.FlushSeconds),
            DemoScreenshotPath = s.Get(Catalog.Demo.ScreenshotPath),
            DemoHistoryLog = s.Get(Catalog.Demo.HistoryLog),
            ConsoleStatus = s.Get(Catalog.General.ConsoleStatus),
            BatteryDevice = s.Get(Catalog.Storage.BatteryDevice),
            Vnc = Services.Vnc.VncOptions.Read(s),
        };
    }
}
