using System.Text.Json.Nodes;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Text;
using FbDisplay.Services.Backup;
using FbDisplay.Services.Controller;
using FbDisplay.Services.Interop;
using FbDisplay.Services.Logging;
using FbDisplay.Services.Storage;
using FbDisplay.Settings;
using FbDisplay.Ui.Settings;

namespace FbDisplay.App;

/// <summary>
/// The settings screens' view of the app as it is today: values from the settings file over the running settings,
/// SAVE to <c>settings.json</c> (taking effect at the next start), RESET LOG through the log writer, About from the
/// frame counters, controller limits through the controller link (or, on an MQTT RECEIVER, through the sender). COPY LOG
/// to a USB drive labelled BATTERY, the settings backup to and from it (docs/backup.md). UPDATE SOFTWARE through <see cref="UpdateModule"/> (docs/updates.md).
/// </summary>
public sealed class SettingsBackend : ISettingsBackend
{
    private readonly SettingsReader _startSettings;
    private readonly SettingsFile _file;
    private readonly PowerSafeLogWriter _log;
    private readonly FrameCounters _counters;
    private readonly TimeProvider _time;
    private readonly long _startedAt;
    private readonly Action _stopApp;
    private JsonObject? _saved;

    /// <summary>Applies one saved setting to the running display (UI thread); false when it needs a restart.</summary>
    public Func<string, string, bool>? ApplyLive { get; init; }

    /// <summary>UPDATE SOFTWARE (docs/updates.md); null: "not available".</summary>
    public UpdateModule? Updates { get; init; }

    /// <summary>The USB drive labelled BATTERY: where COPY LOG and the settings backup write and UPDATE SOFTWARE looks for a bundle.</summary>
    public IRemovableDrive BatteryDrive { get; init; } = RemovableDrive.At(BlockDeviceDrive.DefaultDevicePath);

    /// <summary>The saved Wi-Fi connections the settings backup carries.</summary>
    public IWifiConnections Wifi { get; init; } = new NmcliWifiConnections();

    /// <summary>Where the backup's journal lines go (items left out, Wi-Fi not restored).</summary>
    public Action<string> Journal { get; init; } = _ => { };

    /// <summary>Where SAVE of controller limits goes; null when there is no link.</summary>
    public IControllerSettingsSink? Controller { get; init; }

    /// <param name="startSettings">What this run started with: settings.json then, the environment and the command line.</param>
    public SettingsBackend(SettingsReader startSettings, SettingsFile file, PowerSafeLogWriter log, FrameCounters counters, TimeProvider time, Action stopApp)
    {
        _startSettings = startSettings;
        _file = file;
        _log = log;
        _counters = counters;
        _time = time;
        _stopApp = stopApp;
        _startedAt = time.GetTimestamp();
    }

    public string? Get(string key)
    {
        // What SAVE wrote wins (it is what the next start will use), then what this run started with.
        // Read once and kept: pages ask for a dozen keys on the UI thread each time they are shown.
        _saved ??= _file.LoadOrRecover();
        string? raw = Lookup(_saved, key) ?? _startSettings.Raw(key);
        if (raw is null || Catalog.Find(key) is not { } setting)
        {
            return raw; // not set (the page shows the catalogue's default), or a key of the page's own
        }

        // The catalogue's spelling ("Receiver" for "receiver", "F" for "Fahrenheit"); a value it does not take reads as
        // not set, so the page shows what the display really uses: the default.
        return setting.TryNormalize(raw, out string? normalized) ? normalized : null;
    }

    public SettingsResult Save(IReadOnlyDictionary<string, string> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        try
        {
            _file.Save(changes.Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)));
            _saved = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return SettingsResult.Failed(Say.Of(Tx.BackendNotSaved, e.Message));
        }

        int live = changes.Count(kv => ApplyLive?.Invoke(kv.Key, kv.Value) == true);
        int later = changes.Count - live;
        return SettingsResult.Done(later == 0 ? Say.Of(Tx.BackendSavedApplied)
            : live == 0 ? (later == 1 ? Say.Of(Tx.BackendSavedRestart) : Say.Of(Tx.BackendSavedManyRestart, later))
            : Say.Of(Tx.BackendSavedMixed, live, later));
    }

    public async Task<Ui.Settings.ControllerSendResult> SaveControllerLimitsAsync(ControllerLimits limits, CancellationToken cancellationToken)
    {
        if (Controller is null)
        {
            Say none = Say.Of(Tx.BackendNoControllerLink);
            return new(ControllerSendStatus.NotAvailable, none.English, none);
        }

        ControllerSettingValue[] values =
        [
            new(ControllerSetting.HighCellCutoff, limits.HighCellCutoffVolts),
            new(ControllerSetting.LowCellCutoff, limits.LowCellCutoffVolts),
            new(ControllerSetting.BalanceVoltage, limits.BalanceVolts),
            new(ControllerSetting.BalanceHysteresis, limits.BalanceHysteresisVolts),
            new(ControllerSetting.OverTemperature, limits.OverTemperatureC),
            new(ControllerSetting.UnderTemperature, limits.UnderTemperatureC),
            new(ControllerSetting.PackCapacityAh, limits.CapacityAmpHours),
        ];
        Services.Controller.ControllerSendResult r = await Controller.SendAsync(values, cancellationToken).ConfigureAwait(false);
        ControllerSendStatus status = r.Outcome switch
        {
            ControllerSendOutcome.Sent => ControllerSendStatus.Sent,
            ControllerSendOutcome.NoControllerKnown => ControllerSendStatus.NoControllerKnown,
            ControllerSendOutcome.TimedOut or ControllerSendOutcome.Unreachable => ControllerSendStatus.TimedOut,
            _ => ControllerSendStatus.Refused,
        };
        Say words = BackendWords.Of(r);
        return new(status, words.English, words);
    }

    public SettingsResult ResetLog()
    {
        _log.RequestReset();
        return SettingsResult.Done(Say.Of(Tx.BackendResetLog));
    }

    public async Task<SettingsResult> CopyLogAsync(CancellationToken cancellationToken)
    {
        LogCopyResult r = await new LogCopier(_log.FilePath, BatteryDrive).CopyAsync(cancellationToken).ConfigureAwait(false);
        Journal(r.Message);
        return new SettingsResult(r.Ok, r.Words);
    }

    public Task<SettingsResult> UpdateSoftwareAsync(CancellationToken cancellationToken) =>
        Updates is null
            ? Task.FromResult(SettingsResult.Failed(Say.Of(Tx.BackendNotYet, Tx.SystemUpdateSoftware)))
            : Updates.UpdateAsync(BatteryDrive, cancellationToken);

    public Say? UpdateProgress => Updates?.Progress;

    public Task<SettingsResult> SaveSettingsToUsbAsync(CancellationToken cancellationToken) =>
        RunBackupAsync(b => b.SaveToAsync(BatteryDrive, cancellationToken));

    public Task<SettingsResult> LoadSettingsFromUsbAsync(CancellationToken cancellationToken) =>
        RunBackupAsync(b => b.LoadFromAsync(BatteryDrive, cancellationToken));

    /// <summary>The backup off the UI thread; after a restore the pages read the new settings.json.</summary>
    private async Task<SettingsResult> RunBackupAsync(Func<SettingsBackup, Task<BackupResult>> action)
    {
        var backup = new SettingsBackup(Path.GetDirectoryName(_file.Path) ?? ".", _time, Wifi, UpdateModule.RunningVersion);
        BackupResult r = await Task.Run(() => action(backup)).ConfigureAwait(false);
        foreach (string note in r.Notes)
        {
            Journal(note);
        }

        Journal(r.Message);
        _saved = null;
        return new SettingsResult(r.Ok, r.Words);
    }

    public Task<SettingsResult> RestartAsync(CancellationToken cancellationToken) => RunSystemctlAsync("reboot", Tx.BackendRestarting, Tx.BackendCannotRestart, cancellationToken);

    public Task<SettingsResult> ShutdownAsync(CancellationToken cancellationToken) => RunSystemctlAsync("poweroff", Tx.BackendShuttingDown, Tx.BackendCannotShutDown, cancellationToken);

    public SettingsResult ExitToConsole()
    {
        _stopApp();
        return SettingsResult.Done(Say.Of(Tx.BackendExiting));
    }

    public AboutFacts About()
    {
        var rejections = new List<(FrameRejectReason, long)>();
        foreach (FrameRejectReason reason in Enum.GetValues<FrameRejectReason>())
        {
            long n = reason == FrameRejectReason.None ? 0 : _counters.Rejected(reason);
            if (n > 0)
            {
                rejections.Add((reason, n));
            }
        }

        return new AboutFacts(UpdateModule.RunningVersion, _time.GetElapsedTime(_startedAt), _counters.Received, _counters.Accepted, _counters.Dropped,
            _counters.RejectedTotal, rejections, _log.LinesWritten, Updates?.Status, Updates?.LastOutcome, _log.LastError);
    }

    private static string? Lookup(JsonObject root, string key)
    {
        JsonNode? node = root;
        foreach (string part in key.Split(':'))
        {
            node = node is JsonObject o && o.TryGetPropertyValue(part, out JsonNode? child) ? child : null;
            if (node is null)
            {
                return null;
            }
        }

        return node is JsonValue v ? v.ToString() : null;
    }

    /// <summary>
    /// systemctl asks logind, which asks polkit (the image's rule allows the display's user to reboot and power off):
    /// the display itself holds no CAP_SYS_BOOT. A refusal is shown and journalled instead of a silent nothing.
    /// </summary>
    private async Task<SettingsResult> RunSystemctlAsync(string verb, Text message, Text cannot, CancellationToken cancellationToken)
    {
        HostCommandResult r = await HostCommand.RunAsync("systemctl", [verb], TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
        if (r.Ok)
        {
            Say done = Say.Of(message);
            Journal(done.English);
            return SettingsResult.Done(done);
        }

        Say failed = Say.Of(cannot, r.FirstErrorLine("systemctl " + verb));
        Journal(failed.English);
        return SettingsResult.Failed(failed);
    }
}
