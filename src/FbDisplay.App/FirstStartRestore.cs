using FbDisplay.Core.Text;
using FbDisplay.Services.Backup;
using FbDisplay.Services.Storage;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// The first start of a display (no settings.json yet: a fresh SD card, a new data partition): when the BATTERY drive
/// carries a settings backup, it is restored before the settings are read, so the display comes up as the one the
/// backup was made on. A refused file is said on screen and in the journal; the display then starts on defaults.
/// Only one start looks: it leaves <see cref="DoneFileName"/> behind, so a display that never saved a setting does not
/// take the backup of a drive plugged in months later for COPY LOG when it restarts.
/// </summary>
internal static class FirstStartRestore
{
    public const string DoneFileName = ".first-start-done";

    /// <summary>
    /// How long the restore of the Wi-Fi networks waits for NetworkManager: the display unit is not ordered after it (that
    /// would delay every first frame by NetworkManager's start), so at a first boot nmcli can come before NetworkManager
    /// is up ("NetworkManager is not running"). Well within the unit's start timeout (systemd's watchdog begins at READY).
    /// </summary>
    public static readonly TimeSpan NetworkManagerWait = TimeSpan.FromSeconds(30);

    /// <summary>Restores when it applies; returns the line for the main screen, or null when there was nothing to restore.</summary>
    public static Say? Run(string dataDir, IReadOnlyList<KeyValuePair<string, string?>> overrides, TimeProvider time, ILogger log)
    {
        string done = Path.Combine(dataDir, DoneFileName);
        if (File.Exists(Path.Combine(dataDir, SettingsFile.FileName)) || File.Exists(done))
        {
            return null;
        }

        try
        {
            return Restore(dataDir, overrides, time, log);
        }
        finally
        {
            try
            {
                using (File.Create(done))
                {
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.LogWarning("First start: cannot write {File}: {Error}", done, e.Message);
            }
        }
    }

    private static Say? Restore(string dataDir, IReadOnlyList<KeyValuePair<string, string?>> overrides, TimeProvider time, ILogger log)
    {
        string device = new SettingsReader(overrides).Get(Catalog.Storage.BatteryDevice);
        var wifi = new NmcliWifiConnections(NetworkManagerWait, time);
        var backup = new SettingsBackup(dataDir, time, wifi, UpdateModule.RunningVersion) { BeforeStart = true };

        // Before the UI thread exists: nothing else waits on this start yet.
        BackupResult r = Task.Run(() => backup.LoadFromAsync(RemovableDrive.At(device))).GetAwaiter().GetResult();
        if (wifi.WaitedForStart > TimeSpan.Zero)
        {
            log.LogInformation("First start: NetworkManager was not running yet; the Wi-Fi restore waited {Seconds:0.0} s for it.", wifi.WaitedForStart.TotalSeconds);
        }

        switch (r.Outcome)
        {
            case BackupOutcome.NoDrive or BackupOutcome.NoFile:
                return null;
            case BackupOutcome.Restored:
                log.LogInformation("First start: {Message}", r.Message);
                foreach (string note in r.Notes)
                {
                    log.LogInformation("First start: {Note}", note);
                }

                return Say.Of(Tx.NoticeRestored);
            default:
                log.LogWarning("First start: {Message}", r.Message);
                return Say.Of(Tx.NoticeNotRestored);
        }
    }
}
