using System.Globalization;
using FbDisplay.Core.Units;
using Microsoft.Extensions.Configuration;

namespace FbDisplay.App;

/// <summary>
/// Every setting the app reads, with its default. Keys follow .NET configuration ("Udp:Port"), so each can be set in
/// settings.json, as FBDISPLAY_Udp__Port=6500, or as --Udp:Port=6500. A value that does not parse falls back to its
/// default and is reported in <see cref="Problems"/>.
/// </summary>
public sealed record AppSettings
{
    public string DataDir { get; init; } = DefaultDataDir();

    public int UdpPort { get; init; } = 6500;

    /// <summary>SocketCAN interface name, e.g. can0; empty = off.</summary>
    public string CanInterface { get; init; } = "";

    public bool InvertCurrent { get; init; }

    /// <summary>Battery:Protocol (the catalogue's declaration).</summary>
    public Core.Battery.BatteryProtocol BatteryProtocol { get; init; }

    /// <summary>/dev/fb0, a regular file (virtual framebuffer), or empty for none.</summary>
    public string Framebuffer { get; init; } = "/dev/fb0";

    public int DisplayWidth { get; init; } = 800;

    public int DisplayHeight { get; init; } = 480;

    public string DisplayFormat { get; init; } = "BGRX8888";

    public int Rotation { get; init; }

    /// <summary>auto, a device path, or none.</summary>
    public string Touch { get; init; } = "auto";

    public int MaxFps { get; init; } = 30;

    /// <summary>Touch correction saved by the calibration screen ("a;b;c;d;e;f"); empty = none.</summary>
    public string TouchCalibration { get; init; } = "";

    /// <summary>Backlight in percent (the official display's sysfs backlight); 100 = full.</summary>
    public int BrightnessPercent { get; init; } = 100;

    /// <summary>Minutes without a touch before the backlight goes off; 0 = never.</summary>
    public int SleepMinutes { get; init; }

    /// <summary>How temperatures are shown: Celsius or Fahrenheit (Display:TemperatureUnit = C or F).</summary>
    public TemperatureUnit TemperatureUnit { get; init; }

    /// <summary>Where the built-in web server listens; empty = off.</summary>
    public string WebUrls { get; init; } = "http://0.0.0.0:8080";

    /// <summary>Seconds between fsyncs of PowerSafe100.log: what a power cut can lose at most.</summary>
    public int LogFlushSeconds { get; init; } = 2;

    /// <summary>Write a PNG of the screen here every 5 s (the demo's way to show the screen without a browser).</summary>
    public string DemoScreenshotPath { get; init; } = "";

    /// <summary>Print the live state once a second on standard output.</summary>
    public bool ConsoleStatus { get; init; }

    /// <summary>Screen sharing (issue 8): VNC port, 0 or empty = no TCP listener; the browser view needs only a password.</summary>
    public int VncPort { get; init; } = 5900;

    public string VncPassword { get; init; } = "";

    public bool VncAllowNoPassword { get; init; }

    public bool VncViewOnly { get; init; }

    public int VncMaxClients { get; init; } = 4;

    public int VncIdleTimeoutSeconds { get; init; } = 300;

    /// <summary>Screen sharing runs when a password is set or sharing without one is explicitly allowed.</summary>
    public bool VncEnabled => VncPassword.Length > 0 || VncAllowNoPassword;

    public IReadOnlyList<string> Problems { get; init; } = [];

    public static AppSettings From(IConfiguration c)
    {
        var problems = new List<string>();
        var d = new AppSettings();
        var s = new AppSettings
        {
            DataDir = Str(c, "DataDir", d.DataDir),
            UdpPort = Int(c, "Udp:Port", d.UdpPort, 1, 65535, problems),
            CanInterface = Str(c, "Can:Interface", d.CanInterface),
            InvertCurrent = Bool(c, "Battery:InvertCurrent", d.InvertCurrent, problems),
            BatteryProtocol = ReadProtocol(c, problems),
            Framebuffer = Str(c, "Display:Framebuffer", d.Framebuffer),
            DisplayWidth = Int(c, "Display:Width", d.DisplayWidth, 16, 8192, problems),
            DisplayHeight = Int(c, "Display:Height", d.DisplayHeight, 16, 8192, problems),
            DisplayFormat = Str(c, "Display:Format", d.DisplayFormat),
            Rotation = Int(c, "Display:Rotation", d.Rotation, 0, 270, problems),
            Touch = Str(c, "Display:Touch", d.Touch),
            MaxFps = Int(c, "Display:MaxFps", d.MaxFps, 1, 120, problems),
            TouchCalibration = Str(c, "Display:TouchCalibration", d.TouchCalibration),
            BrightnessPercent = Int(c, "Display:Brightness", d.BrightnessPercent, 5, 100, problems),
            SleepMinutes = Int(c, "Display:SleepMinutes", d.SleepMinutes, 0, 24 * 60, problems),
            TemperatureUnit = Unit(c, "Display:TemperatureUnit", problems),
            WebUrls = Str(c, "Web:Urls", d.WebUrls),
            LogFlushSeconds = Int(c, "Log:FlushSeconds", d.LogFlushSeconds, 1, 5, problems),
            DemoScreenshotPath = Str(c, "Demo:ScreenshotPath", d.DemoScreenshotPath),
            ConsoleStatus = Bool(c, "ConsoleStatus", d.ConsoleStatus, problems),
            VncPort = string.IsNullOrWhiteSpace(c["Vnc:Port"]) && c["Vnc:Port"] is not null ? 0 : Int(c, "Vnc:Port", d.VncPort, 0, 65535, problems),
            VncPassword = Str(c, "Vnc:Password", d.VncPassword),
            VncAllowNoPassword = Bool(c, "Vnc:AllowNoPassword", d.VncAllowNoPassword, problems),
            VncViewOnly = Bool(c, "Vnc:ViewOnly", d.VncViewOnly, problems),
            VncMaxClients = Int(c, "Vnc:MaxClients", d.VncMaxClients, 1, 64, problems),
            VncIdleTimeoutSeconds = Int(c, "Vnc:IdleTimeoutSeconds", d.VncIdleTimeoutSeconds, 5, 86400, problems),
        };
        if (s.Rotation % 90 != 0)
        {
            problems.Add($"Display:Rotation must be 0, 90, 180 or 270 (got {s.Rotation.ToString(CultureInfo.InvariantCulture)}); using 0.");
            s = s with { Rotation = 0 };
        }

        return s with { Problems = problems };
    }

    private static TemperatureUnit Unit(IConfiguration c, string key, List<string> problems)
    {
        string? text = c[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return TemperatureUnit.Celsius;
        }

        if (Temperatures.TryParse(text, out TemperatureUnit unit))
        {
            return unit;
        }

        problems.Add($"{key} must be C or F (got \"{text}\"); using C.");
        return TemperatureUnit.Celsius;
    }

    public static string DefaultDataDir() =>
        Environment.UserName == "root" && Directory.Exists("/var/lib")
            ? "/var/lib/fbdisplay"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "fbdisplay");

    private static string Str(IConfiguration c, string key, string fallback) => c[key] ?? fallback;

    private static int Int(IConfiguration c, string key, int fallback, int min, int max, List<string> problems)
    {
        string? raw = c[key];
        if (raw is null)
        {
            return fallback;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max)
        {
            return v;
        }

        problems.Add($"{key} = '{raw}' is not a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}; using {fallback.ToString(CultureInfo.InvariantCulture)}.");
        return fallback;
    }

    /// <summary>Battery:Protocol through the catalogue's reader (its parsing and its one message on a bad value).</summary>
    private static Core.Battery.BatteryProtocol ReadProtocol(IConfiguration c, List<string> problems)
    {
        var reader = new Settings.SettingsReader(c.AsEnumerable());
        Core.Battery.BatteryProtocol protocol = reader.Get(Settings.Catalog.Battery.Protocol);
        foreach (string message in reader.Problems.Messages)
        {
            problems.Add(message.StartsWith(Settings.SettingsProblems.Prefix, StringComparison.Ordinal) ? message[Settings.SettingsProblems.Prefix.Length..] : message);
        }

        return protocol;
    }

    private static bool Bool(IConfiguration c, string key, bool fallback, List<string> problems)
    {
        string? raw = c[key];
        if (raw is null)
        {
            return fallback;
        }

        if (bool.TryParse(raw, out bool v))
        {
            return v;
        }

        problems.Add($"{key} = '{raw}' is not true or false; using {(fallback ? "true" : "false")}.");
        return fallback;
    }
}
