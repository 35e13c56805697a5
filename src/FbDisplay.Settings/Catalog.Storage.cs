namespace FbDisplay.Settings;

public static partial class Catalog
{
    /// <summary>PowerSafe100.log.</summary>
    public static class Log
    {
        private static readonly Section S = new();

        public static readonly IntSetting FlushSeconds = S.Add(new IntSetting(
            "Log:FlushSeconds", 2, 1, 5, "Seconds between fsyncs of PowerSafe100.log: what a power cut can lose at most."));

        internal static IReadOnlyList<Setting> All => S.Settings;
    }

    /// <summary>LOG TO DATABASE.</summary>
    public static class History
    {
        private static readonly Section S = new();

        public static readonly BoolSetting Enabled = S.Add(new BoolSetting(
            "History:Enabled", true, "LOG TO DATABASE: per-second history in `<DataDir>/history.db` (SQLite)."));

        public static readonly IntSetting RetentionDays = S.Add(new IntSetting(
            "History:RetentionDays", 400, 1, 36500, "History older than this is deleted."));

        public static readonly IntSetting MinFreeMegabytes = S.Add(new IntSetting(
            "History:MinFreeMegabytes", 500, 0, 1_000_000, "The oldest history is deleted while the data partition has less free space (MiB)."));

        public static readonly TextSetting External = S.Add(new TextSetting(
            "History:External", "", "Mirror for Grafana: `postgres://user:pass@host:5432/db` or `mysql://...` ([docs/history.md](docs/history.md)).",
            isValid: IsDatabaseUrl, expectation: "a mysql:// or postgres:// URL")
        {
            IsSecret = true,
            DefaultNote = "empty (off)",
        });

        internal static IReadOnlyList<Setting> All => S.Settings;

        private static bool IsDatabaseUrl(string text) =>
            Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "mysql" or "mariadb" or "postgres" or "postgresql";
    }

    /// <summary>The USB drive labelled BATTERY.</summary>
    public static class Storage
    {
        private static readonly Section S = new();

        public static readonly TextSetting BatteryDevice = S.Add(new TextSetting(
            "Storage:BatteryDevice", "/dev/disk/by-label/BATTERY", "The BATTERY drive's block device (COPY LOG, certificates, updates).",
            isValid: t => t.StartsWith('/'), expectation: "a device path"));

        internal static IReadOnlyList<Setting> All => S.Settings;
    }

    /// <summary>UPDATE SOFTWARE.</summary>
    public static class Update
    {
        private static readonly Section S = new();

        public static readonly TextSetting FeedUrl = S.Add(new TextSetting(
            "Update:FeedUrl", "", "HTTPS feed of signed bundles (`latest.json`); empty = the BATTERY drive only ([docs/updates.md](docs/updates.md)).",
            isValid: t => Uri.TryCreate(t, UriKind.Absolute, out Uri? u) && u.Scheme == "https", expectation: "an https:// URL"));

        public static readonly TextSetting CaFile = S.Add(new TextSetting(
            "Update:CaFile", "", "A CA certificate (PEM) the feed's certificate must chain to; empty = the system's roots.")
        {
            DefaultNote = "system roots",
        });

        public static readonly BoolSetting Force = S.Add(new BoolSetting(
            "Update:Force", false, "Install a bundle even when it is not newer."));

        public static readonly TextSetting Root = S.Add(new TextSetting(
            "Update:Root", "/opt/fbdisplay", "Where releases are installed side by side (`releases/`, `current`).",
            isValid: t => t.StartsWith('/'), expectation: "an absolute path"));

        public static readonly TextSetting PublicKeyFile = S.Add(new TextSetting(
            "Update:PublicKeyFile", "", "The update signing key's public half (PEM).")
        {
            DefaultNote = "`update-key.pem` beside the program",
        });

        public static readonly IntSetting HealthSeconds = S.Add(new IntSetting(
            "Update:HealthSeconds", 30, 1, 3600, "How long a new version must draw before it is kept (else it is rolled back)."));

        internal static IReadOnlyList<Setting> All => S.Settings;
    }

    /// <summary>The demo's extras.</summary>
    public static class Demo
    {
        private static readonly Section S = new();

        public static readonly TextSetting ScreenshotPath = S.Add(new TextSetting(
            "Demo:ScreenshotPath", "", "Write a PNG of the screen here every 5 s; empty = off."));

        public static readonly TextSetting HistoryLog = S.Add(new TextSetting(
            "Demo:HistoryLog", "",
            "A PowerSafe100.log whose seconds fill an empty history and missing energy counters before the first frame (the demo's past days); empty = off."));

        internal static IReadOnlyList<Setting> All => S.Settings;
    }
}
