using FbDisplay.Core.Battery;

namespace FbDisplay.Settings;

public static partial class Catalog
{
    /// <summary>The MQTT link ([docs/status-json.md](docs/status-json.md)).</summary>
    public static class Mqtt
    {
        private static readonly Section S = new();

        public static readonly ChoiceSetting<MqttMode> Mode = S.Add(new ChoiceSetting<MqttMode>(
            "Mqtt:Mode", MqttMode.Off, [(MqttMode.Off, "Off"), (MqttMode.Sender, "Sender"), (MqttMode.Receiver, "Receiver")],
            "OFF, SENDER (relays this battery) or RECEIVER (shows a remote one)."));

        public static readonly TextSetting Url = S.Add(new TextSetting(
            "Mqtt:Url", "", "`mqtt://host:1883` or `mqtts://host:8883`; a bare host means mqtts.",
            isValid: IsBroker, expectation: "a host name or URL, e.g. mqtts://host:8883")
        {
            MaxLength = 128,
            DefaultNote = "the host in `aws_url`, TLS, 8883",
        });

        public static readonly TextSetting BmsId = S.Add(new TextSetting(
            "Mqtt:BmsId", "", "The controller's id: the topic is `EVTV/<BmsId>/CompleteStatus`.",
            isValid: IsTopicLevel, expectation: "an id without spaces, / + or #")
        {
            MaxLength = 32,
        });

        public static readonly TextSetting DisplayId = S.Add(new TextSetting(
            "Mqtt:DisplayId", "", "This display's MQTT client id; must differ between displays.",
            isValid: IsTopicLevel, expectation: "an id without spaces, / + or #")
        {
            MaxLength = 128,
            DefaultNote = "`fbdisplay-<hostname>`",
        });

        public static readonly TextSetting Username = S.Add(new TextSetting(
            "Mqtt:Username", "", "Broker user name; empty = none (certificates only)."));

        public static readonly TextSetting Password = S.Add(new TextSetting(
            "Mqtt:Password", "", "Broker password.") { IsSecret = true });

        public static readonly BoolSetting RelaySettings = S.Add(new BoolSetting(
            "Mqtt:RelaySettings", true, "A SENDER forwards limits saved on a RECEIVER to the controller."));

        public static readonly BoolSetting HomeAssistant = S.Add(new BoolSetting(
            "Mqtt:HomeAssistant", false, "Home Assistant MQTT discovery (a SENDER publishes its sensors)."));

        internal static IReadOnlyList<Setting> All => S.Settings;

        private static bool IsTopicLevel(string text) => text.IndexOfAny(['/', '+', '#', ' ']) < 0;

        private static bool IsBroker(string text) =>
            !text.Contains(' ', StringComparison.Ordinal) && (text.Contains('.', StringComparison.Ordinal) || text.Contains("localhost", StringComparison.Ordinal));
    }

    /// <summary>The controller's settings link ([docs/controller-link.md](docs/controller-link.md)) and the limits it keeps.</summary>
    public static class Controller
    {
        private static readonly Section S = new();

        public static readonly TextSetting Address = S.Add(new TextSetting(
            "Controller:Address", "", "Where SAVE sends the controller limits; empty = learned from the UDP frames.",
            isValid: IsIpAddress, expectation: "an IP address")
        {
            DefaultNote = "learned from UDP",
        });

        public static readonly IntSetting Port = S.Add(new IntSetting(
            "Controller:Port", 6501, 1, 65535, "The controller's TCP settings port.", noun: "a port"));

        public static readonly NumberSetting TimeoutSeconds = S.Add(new NumberSetting(
            "Controller:TimeoutSeconds", 3, 0.1, 120, "s", "How long SAVE waits to connect and for each answer."));

        public static readonly NumberSetting CapacityAh = S.Add(new NumberSetting(
            "Controller:CapacityAh", 0, 0, 100_000, "Ah", "Pack capacity for the time to full or empty; 0 = unknown ([docs/energy.md](docs/energy.md)).", SettingApply.Live)
        {
            SliderMin = 10,
            SliderMax = 1500,
            Typical = 232,
        });

        private static readonly NumberSetting[] Limits =
        [
            S.Add(new NumberSetting("Controller:HighCutoffVolts", 4.20, 3.0, 4.35, "V", "High cell cutoff, as last sent to the controller.") { SliderMin = 3.80, Step = 0.01 }),
            S.Add(new NumberSetting("Controller:LowCutoffVolts", 3.20, 2.5, 3.8, "V", "Low cell cutoff, as last sent.") { SliderMax = 3.60, Step = 0.01 }),
            S.Add(new NumberSetting("Controller:BalanceVolts", 4.10, 3.0, 4.3, "V", "Balance voltage, as last sent.") { SliderMin = 3.50, SliderMax = 4.25, Step = 0.01 }),
            S.Add(new NumberSetting("Controller:BalanceHysteresisVolts", 0.020, 0.001, 0.5, "V", "Balance hysteresis, as last sent.") { SliderMin = 0.005, SliderMax = 0.100, Step = 0.005 }),
            S.Add(new NumberSetting("Controller:OverTemperatureC", 60, 0, 90, "°C", "Over-temperature limit, as last sent.") { SliderMin = 30, SliderMax = 80 }),
            S.Add(new NumberSetting("Controller:UnderTemperatureC", 0, -40, 40, "°C", "Under-temperature limit, as last sent.") { SliderMin = -20, SliderMax = 20 }),
        ];

        private static readonly TextSetting[] WireNames = WireNameFamily();

        internal static IReadOnlyList<Setting> All => S.Settings;

        /// <summary>The setting that keeps <paramref name="setting"/>'s last value (its range is what the link may send).</summary>
        public static NumberSetting Limit(ControllerSetting setting) =>
            setting == ControllerSetting.PackCapacityAh ? CapacityAh : Limits[(int)setting];

        /// <summary>True when <paramref name="key"/> is one of the limits SAVE sends to the controller (capacity included).</summary>
        public static bool IsLimit(string key) =>
            Enum.GetValues<ControllerSetting>().Any(s => string.Equals(Limit(s).Key, key, StringComparison.OrdinalIgnoreCase));

        /// <summary>The controller's key for <paramref name="setting"/> on the wire (Controller:Names:&lt;Setting&gt;).</summary>
        public static TextSetting WireName(ControllerSetting setting) => WireNames[(int)setting];

        private static TextSetting[] WireNameFamily()
        {
            string[] defaults = ["HCUT", "LCUT", "BALV", "BALHYST", "OVERTEMP", "UNDERTEMP", "CAPACITY"];
            var names = new TextSetting[defaults.Length];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = S.Add(new TextSetting(
                    $"Controller:Names:{(ControllerSetting)i}", defaults[i], "The controller's key name for a limit, if it differs.",
                    isValid: IsWireName, expectation: "letters, digits or _ (at most 32)")
                {
                    MaxLength = 32,
                    DocKey = "Controller:Names:<Setting>",
                });
            }

            return names;
        }

        /// <summary>A key must not contain '=', spaces or line breaks, or it would break the line protocol.</summary>
        public static bool IsWireName(string? name) =>
            !string.IsNullOrEmpty(name) && name.Length <= 32 && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_');
    }

    /// <summary>The inverter link: Pylontech-protocol frames from the EVTV controller's data ([docs/inverter.md](docs/inverter.md)).</summary>
    public static class Inverter
    {
        private static readonly Section S = new();

        public static readonly TextSetting CanInterface = S.Add(new TextSetting(
            "Inverter:CanInterface", "", "SocketCAN interface to the inverter, e.g. `can1`; empty = off. Sends charge limits once a second while the controller's data is fresh ([docs/inverter.md](docs/inverter.md)).",
            isValid: Can.IsInterfaceName, expectation: "an interface name (letters, digits, _ - .)")
        {
            MaxLength = 15,
            DefaultNote = "empty (off)",
        });

        public static readonly NumberSetting ChargeVolts = S.Add(new NumberSetting(
            "Inverter:ChargeVolts", 0, 0, 1000, "V", "Charge voltage limit sent to the inverter; 0 = Controller:BalanceVolts x Inverter:SeriesCells (never the cutoff).")
        {
            SliderMin = 40,
            SliderMax = 60,
            Step = 0.1,
            DefaultNote = "0 (balance voltage x series cells)",
        });

        public static readonly IntSetting SeriesCells = S.Add(new IntSetting(
            "Inverter:SeriesCells", 0, 0, Core.Battery.BatteryState.MaxCells, "Cells in series, for the charge and discharge voltages; 0 = the count the controller reports.")
        {
            EmptyValue = 0,
            DefaultNote = "0 (the controller's cell count)",
        });

        public static readonly NumberSetting DischargeAmps = S.Add(new NumberSetting(
            "Inverter:DischargeAmps", 100, 0, 3000, "A", "Discharge current limit sent while the contactors are closed and no fault is reported.")
        {
            SliderMin = 0,
            SliderMax = 300,
            Step = 5,
        });

        internal static IReadOnlyList<Setting> All => S.Settings;
    }

    /// <summary>Screen sharing ([docs/vnc.md](docs/vnc.md)).</summary>
    public static class Vnc
    {
        private static readonly Section S = new();

        public static readonly IntSetting Port = S.Add(new IntSetting(
            "Vnc:Port", 5900, 0, 65535, "VNC's TCP port; 0 or empty = no VNC listener (the browser view still works).", noun: "a port")
        {
            EmptyValue = 0,
        });

        public static readonly TextSetting Password = S.Add(new TextSetting(
            "Vnc:Password", "", "Screen sharing runs once this is set (VNC authentication uses its first 8 characters).")
        {
            IsSecret = true,
            DefaultNote = "none (sharing off)",
        });

        public static readonly BoolSetting AllowNoPassword = S.Add(new BoolSetting(
            "Vnc:AllowNoPassword", false, "Share the screen without a password (a trusted network only)."));

        public static readonly BoolSetting ViewOnly = S.Add(new BoolSetting(
            "Vnc:ViewOnly", false, "Viewers see the screen but cannot touch it."));

        public static readonly IntSetting MaxClients = S.Add(new IntSetting(
            "Vnc:MaxClients", 4, 1, 64, "Viewers at once."));

        public static readonly IntSetting IdleTimeoutSeconds = S.Add(new IntSetting(
            "Vnc:IdleTimeoutSeconds", 300, 5, 86400, "A viewer that sends nothing for this long is disconnected."));

        public static readonly TextSetting Bind = S.Add(new TextSetting(
            "Vnc:Bind", "", "The address VNC listens on (e.g. `127.0.0.1` for SSH tunnels only); empty = every address.",
            isValid: v => v.Length == 0 || System.Net.IPAddress.TryParse(v, out _), expectation: "an IP address of this display")
        {
            DefaultNote = "every address",
        });

        internal static IReadOnlyList<Setting> All => S.Settings;
    }
}
