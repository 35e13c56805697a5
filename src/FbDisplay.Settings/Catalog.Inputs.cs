using System.Net;
using FbDisplay.Core.Display;
using FbDisplay.Core.Input;
using FbDisplay.Core.Text;
using FbDisplay.Core.Units;

namespace FbDisplay.Settings;

public static partial class Catalog
{
    /// <summary>Settings without a section.</summary>
    public static class General
    {
        private static readonly Section S = new();

        public static readonly TextSetting DataDir = S.Add(new TextSetting(
            "DataDir", "", "Where the log, settings, history and certificates live.")
        {
            DefaultNote = "`/var/lib/fbdisplay` (root) or `~/.local/share/fbdisplay`",
        });

        public static readonly BoolSetting ConsoleStatus = S.Add(new BoolSetting(
            "ConsoleStatus", false, "Print the live state once a second on standard output."));

        public static readonly IntSetting SchemaVersion = S.Add(new IntSetting(
            "SchemaVersion", 1, 1, 1_000_000, "The settings.json schema, written by the display (updates migrate it).")
        {
            DefaultNote = "written by the display",
        });

        internal static IReadOnlyList<Setting> All => S.Settings;
    }

    /// <summary>The controller's datagrams.</summary>
    public static class Udp
    {
        private static readonly Section S = new();

        public static readonly IntSetting Port = S.Add(new IntSetting(
            "Udp:Port", 6500, 1, 65535, "Where the controller's datagrams arrive (broadcast or unicast; the port is shared).", noun: "a port"));

        internal static IReadOnlyList<Setting> All => S.Settings;
    }

    /// <summary>SocketCAN.</summary>
    public static class Can
    {
        private static readonly Section S = new();

        public static readonly TextSetting Interface = S.Add(new TextSetting(
            "Can:Interface", "", "SocketCAN interface, e.g. `can0`; empty = off.", isValid: IsInterfaceName, expectation: "an interface name (letters, digits, _ - .)")
        {
            MaxLength = 15,
            DefaultNote = "empty (off)",
        });

        internal static IReadOnlyList<Setting> All => S.Settings;

        internal static bool IsInterfaceName(string text) => text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');
    }

    /// <summary>How the battery's frames are read.</summary>
    public static class Battery
    {
        private static readonly Section S = new();

        public static readonly BoolSetting InvertCurrent = S.Add(new BoolSetting(
            "Battery:InvertCurrent", false, "Flip the current's sign (the manual: positive = charging).", SettingApply.Live));

        public static readonly ChoiceSetting<Core.Battery.BatteryProtocol> Protocol = S.Add(new ChoiceSetting<Core.Battery.BatteryProtocol>(
            "Battery:Protocol", Core.Battery.BatteryProtocol.Auto,
            [(Core.Battery.BatteryProtocol.Auto, "Auto"), (Core.Battery.BatteryProtocol.Evtv, "Evtv"), (Core.Battery.BatteryProtocol.Pylontech, "Pylontech")],
            "The battery's protocol: `Auto` (from the first frames; the screen and the log say which), the EVTV controller's, or the Pylontech-compatible one ([docs/wire-formats.md](docs/wire-formats.md))."));

        internal static IReadOnlyList<Setting> All => S.Settings;
    }

    /// <summary>The screen and the touch panel.</summary>
    public static class Display
    {
        private static readonly Section S = new();

        public static readonly TextSetting Framebuffer = S.Add(new TextSetting(
            "Display:Framebuffer", "/dev/fb0", "A framebuffer device, or a regular file as a virtual framebuffer; empty = headless."));

        public static readonly IntSetting Width = S.Add(new IntSetting(
            "Display:Width", 800, 16, 8192, "Width of a virtual framebuffer (a device says its own)."));

        public static readonly IntSetting Height = S.Add(new IntSetting(
            "Display:Height", 480, 16, 8192, "Height of a virtual framebuffer."));

        public static readonly ChoiceSetting<FramebufferFormat> Format = S.Add(new ChoiceSetting<FramebufferFormat>(
            "Display:Format", FramebufferFormat.Bgrx8888,
            [(FramebufferFormat.Bgrx8888, "BGRX8888"), (FramebufferFormat.Bgra8888, "BGRA8888"), (FramebufferFormat.Rgbx8888, "RGBX8888"),
             (FramebufferFormat.Rgba8888, "RGBA8888"), (FramebufferFormat.Rgb565, "RGB565")],
            "Pixel layout of a virtual framebuffer."));

        public static readonly ChoiceSetting<DisplayRotation> Rotation = S.Add(new ChoiceSetting<DisplayRotation>(
            "Display:Rotation", DisplayRotation.Rotate0,
            [(DisplayRotation.Rotate0, "0"), (DisplayRotation.Rotate90, "90"), (DisplayRotation.Rotate180, "180"), (DisplayRotation.Rotate270, "270")],
            "Turns the picture (and the touch) clockwise, in degrees."));

        public static readonly TextSetting Touch = S.Add(new TextSetting(
            "Display:Touch", "auto", "The touch panel: `auto` (found by capability), an evdev device path, or `none`.",
            isValid: t => t is "auto" or "none" || t.StartsWith('/'), expectation: "auto, none or a device path"));

        public static readonly IntSetting MaxFps = S.Add(new IntSetting(
            "Display:MaxFps", 30, 1, 120, "Ticks per second at most."));

        public static readonly TextSetting TouchCalibration = S.Add(new TextSetting(
            "Display:TouchCalibration", "", "Touch correction saved by the calibration screen (six numbers); empty = none.",
            isValid: t => Core.Input.TouchCalibration.TryParse(t, out _), expectation: "six numbers separated by ';'"));

        public static readonly IntSetting Brightness = S.Add(new IntSetting(
            "Display:Brightness", 100, 5, 100, "Backlight in percent.", SettingApply.Live)
        {
            SliderMin = 10,
            Step = 5,
        });

        public static readonly IntSetting SleepMinutes = S.Add(new IntSetting(
            "Display:SleepMinutes", 0, 0, 24 * 60, "Minutes without a touch before the backlight goes off; 0 = never.", SettingApply.Live)
        {
            Presets = [0, 1, 5, 15, 30, 60],
        });

        public static readonly ChoiceSetting<TemperatureUnit> TemperatureUnit = S.Add(new ChoiceSetting<TemperatureUnit>(
            "Display:TemperatureUnit", Core.Units.TemperatureUnit.Celsius,
            [(Core.Units.TemperatureUnit.Celsius, "C"), (Core.Units.TemperatureUnit.Fahrenheit, "F")],
            "How temperatures are shown everywhere (the wire, the log and the limits stay in Celsius).", SettingApply.Live,
            alias: t => Temperatures.TryParse(t, out TemperatureUnit u) ? u : null));

        public static readonly ChoiceSetting<DisplayLanguage> Language = S.Add(new ChoiceSetting<DisplayLanguage>(
            "Display:Language", DisplayLanguage.English,
            [(DisplayLanguage.English, "en"), (DisplayLanguage.German, "de"), (DisplayLanguage.Dutch, "nl"), (DisplayLanguage.French, "fr"), (DisplayLanguage.Spanish, "es")],
            "Language of the screens and the web page (a browser can pick another on the page); the log, MQTT and JSON stay in English ([docs/languages.md](docs/languages.md)).",
            alias: t => DisplayLanguages.TryParse(t, out DisplayLanguage l) ? l : null));

        internal static IReadOnlyList<Setting> All => S.Settings;
    }

    /// <summary>The built-in web server.</summary>
    public static class Web
    {
        private static readonly Section S = new();

        public static readonly TextSetting Urls = S.Add(new TextSetting(
            "Web:Urls", "http://0.0.0.0:8080", "Where the web server listens (`;` between several); empty = off.",
            isValid: t => t.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(IsHttpUrl),
            expectation: "http:// URLs separated by ';'"));

        internal static IReadOnlyList<Setting> All => S.Settings;

        private static bool IsHttpUrl(string text) =>
            Uri.TryCreate(text.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out Uri? uri)
            && uri.Scheme is "http" or "https";
    }

    /// <summary>True for an IPv4 or IPv6 address.</summary>
    internal static bool IsIpAddress(string text) => IPAddress.TryParse(text, out _);
}
