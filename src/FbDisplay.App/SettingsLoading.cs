using FbDisplay.Services.Storage;
using FbDisplay.Settings;
using Microsoft.Extensions.Configuration;

namespace FbDisplay.App;

/// <summary>
/// The settings in force at start: settings.json in the data directory, overridden by the environment
/// (<c>FBDISPLAY_Udp__Port</c>) and the command line (<c>--Udp:Port=6500</c>), read through the catalogue. Nothing here
/// throws for what a file, a variable or an argument holds: a broken or duplicated settings.json is set aside and the
/// display starts on defaults, and every value not taken is one sentence in <see cref="SettingsProblems"/>.
/// </summary>
internal static class SettingsLoading
{
    /// <summary>The environment and the command line as key/value pairs (later wins); a malformed argument is reported.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Overrides(string[] args, SettingsProblems problems)
    {
        var pairs = new List<KeyValuePair<string, string?>>(
            new ConfigurationBuilder().AddEnvironmentVariables("FBDISPLAY_").Build().AsEnumerable());
        try
        {
            pairs.AddRange(new ConfigurationBuilder().AddCommandLine(args).Build().AsEnumerable());
        }
        catch (FormatException e)
        {
            problems.Report("command line", $"the command line was not read ({e.Message}); use --Key=value.");
        }

        return pairs;
    }

    /// <summary>
    /// The data directory: DataDir when given (nothing else is looked at then: no HOME, no user name), otherwise
    /// /var/lib/fbdisplay for root and ~/.local/share/fbdisplay (or the temporary directory without a HOME) for others.
    /// </summary>
    public static string DataDirectory(IReadOnlyList<KeyValuePair<string, string?>> overrides)
    {
        string? given = overrides.LastOrDefault(kv => string.Equals(kv.Key, Catalog.General.DataDir.Key, StringComparison.OrdinalIgnoreCase)).Value;
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Path.GetFullPath(given);
        }

        if (Environment.IsPrivilegedProcess && Directory.Exists("/var/lib"))
        {
            return "/var/lib/fbdisplay";
        }

        string local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(local.Length > 0 ? local : Path.GetTempPath(), "fbdisplay");
    }

    /// <summary>
    /// Reads settings.json (set aside when broken or holding a key twice), migrates it to this version's schema, and
    /// merges the overrides over it. Unknown keys are reported with the nearest declared one.
    /// </summary>
    public static SettingsReader Read(SettingsFile file, IReadOnlyList<KeyValuePair<string, string?>> overrides, SettingsProblems problems, Action<string> log)
    {
        System.Text.Json.Nodes.JsonObject root = file.LoadOrRecover();
        if (file.RecoveryMessage is { } recovery)
        {
            problems.Note(SettingsFile.FileName, recovery);
        }
        else if (SettingsMigration.Current.MigrateFile(file.Path) is { } migrated)
        {
            log(migrated);
            root = file.LoadOrRecover();
        }

        var reader = new SettingsReader(SettingsFile.Flatten(root).Concat(overrides), problems);
        reader.ReportUnknownKeys();
        return reader;
    }
}
