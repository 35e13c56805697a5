using FbDisplay.Core.Text;

namespace FbDisplay.Ui.Settings;

/// <summary>
/// Everything the settings screens ask of the rest of the app. Values are strings by configuration key
/// (Udp:Port, Mqtt:Mode); the screens keep edits in a <see cref="SettingsDraft"/> and hand them over only on SAVE.
/// Calls come from the UI thread: synchronous ones must be quick, slow work goes in the returned tasks.
/// </summary>
public interface ISettingsBackend
{
    /// <summary>The value in force for <paramref name="key"/>, or null if the app has none (the screen uses its default).</summary>
    string? Get(string key);

    /// <summary>Stores changed values (keys of the settings catalogue, <c>Catalog.Udp.Port.Key</c>); the message says what happens next ("restart to apply").</summary>
    SettingsResult Save(IReadOnlyDictionary<string, string> changes);

    /// <summary>Sends the controller limits over TCP to the controller learnt from UDP.</summary>
    Task<ControllerSendResult> SaveControllerLimitsAsync(ControllerLimits limits, CancellationToken cancellationToken);

    /// <summary>Erases PowerSafe100.log (the screen has asked for confirmation).</summary>
    SettingsResult ResetLog();

    /// <summary>Copies PowerSafe100.log to a USB drive labelled BATTERY.</summary>
    Task<SettingsResult> CopyLogAsync(CancellationToken cancellationToken);

    /// <summary>SAVE SETTINGS TO USB: settings, certificates and Wi-Fi in one file on the drive BATTERY (secrets included).</summary>
    Task<SettingsResult> SaveSettingsToUsbAsync(CancellationToken cancellationToken) =>
        Task.FromResult(SettingsResult.Failed(Say.Of(Tx.BackendNotAvailable, Tx.SystemSaveSettings)));

    /// <summary>LOAD SETTINGS FROM USB: the file checked whole, then restored; the running settings untouched if it is refused.</summary>
    Task<SettingsResult> LoadSettingsFromUsbAsync(CancellationToken cancellationToken) =>
        Task.FromResult(SettingsResult.Failed(Say.Of(Tx.BackendNotAvailable, Tx.SystemLoadSettings)));

    /// <summary>Fetches and installs a new version (side by side, rolled back if it does not come up).</summary>
    Task<SettingsResult> UpdateSoftwareAsync(CancellationToken cancellationToken);

    /// <summary>While UPDATE SOFTWARE runs: its stage ("Downloading 40 %"), polled by the system page; else null.</summary>
    Say? UpdateProgress => null;

    /// <summary>Reboots the device (asks logind; the result says whether it was refused).</summary>
    Task<SettingsResult> RestartAsync(CancellationToken cancellationToken);

    /// <summary>Powers the device off (asks logind; the result says whether it was refused).</summary>
    Task<SettingsResult> ShutdownAsync(CancellationToken cancellationToken);

    /// <summary>Stops the display program and leaves the console to the shell.</summary>
    SettingsResult ExitToConsole();

    /// <summary>Version, uptime and frame counters for the About panel (<see cref="AboutPanel"/> puts them in words).</summary>
    AboutFacts About();
}

/// <summary>What an action did, in words for the screen (any language) and the journal (English).</summary>
public readonly record struct SettingsResult(bool Ok, Say? Words)
{
    /// <summary>The English words (the journal, tests).</summary>
    public string Message => Words?.English ?? "";

    public static SettingsResult Done(Say words) => new(true, words);

    public static SettingsResult Failed(Say words) => new(false, words);

    /// <summary>Words that have no row in the catalogue: the same in every language.</summary>
    public static SettingsResult Done(string message) => new(true, Say.Plain(message));

    /// <inheritdoc cref="Done(string)"/>
    public static SettingsResult Failed(string message) => new(false, Say.Plain(message));

    /// <summary>The words in <paramref name="language"/>.</summary>
    public string In(DisplayLanguage language) => Words?.In(language) ?? "";
}

/// <summary>How sending the controller limits ended.</summary>
public enum ControllerSendStatus
{
    /// <summary>The controller accepted the limits.</summary>
    Sent,

    /// <summary>The controller answered but refused them.</summary>
    Refused,

    /// <summary>No UDP frame has told us the controller's address yet.</summary>
    NoControllerKnown,

    /// <summary>The controller did not answer in time.</summary>
    TimedOut,

    /// <summary>This build cannot send limits (not wired yet).</summary>
    NotAvailable,
}

/// <summary>The result of <see cref="ISettingsBackend.SaveControllerLimitsAsync"/> with a message for the screen.</summary>
public readonly record struct ControllerSendResult(ControllerSendStatus Status, string Message, Say? Words = null)
{
    public bool Ok => Status == ControllerSendStatus.Sent;

    /// <summary>The words in <paramref name="language"/> (<see cref="Message"/> when there is no row for them).</summary>
    public string In(DisplayLanguage language) => Words?.In(language) ?? Message;
}

/// <summary>The controller's configuration items set on the first settings page.</summary>
public sealed record ControllerLimits(
    float HighCellCutoffVolts,
    float LowCellCutoffVolts,
    float BalanceVolts,
    float BalanceHysteresisVolts,
    float OverTemperatureC,
    float UnderTemperatureC,
    float CapacityAmpHours);
