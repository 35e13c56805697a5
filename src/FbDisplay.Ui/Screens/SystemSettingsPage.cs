using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// Page 6, the manual's third configuration screen: RESET LOG (after a confirmation), COPY LOG to the USB drive
/// BATTERY, UPDATE SOFTWARE, RESTART, SHUT DOWN, EXIT to the console; an About panel; and the settings backup to and
/// from the same drive, whose confirmation warns that the file holds the passwords and keys.
/// </summary>
public sealed class SystemSettingsPage : SettingsPage
{
    private static readonly TimeSpan AboutRefresh = TimeSpan.FromSeconds(5);
    private long _aboutAt;
    private bool _updating;
    private string? _shownStage;

    public SystemSettingsPage(SettingsSession session, int width = 800, int height = 480)
        : base(session, ScreenId.SettingsSystem, "SYSTEM", width, height)
    {
        Caption(16, 70, 380, "BATTERY LOG (PowerSafe100.log)");
        ResetLog = Add(new Button(new PixelRect(16, 94, 184, 70), "RESET LOG", size: Theme.TextSize) { Foreground = Theme.Discharge });
        ResetLog.Clicked += (_, _) => Session.Confirm?.Open(
            "Erase the battery log?",
            "PowerSafe100.log will be emptied.\nAll logged data will be lost.",
            "ERASE LOG",
            () => Report(Session.Backend.ResetLog()),
            Id,
            danger: true);
        CopyLog = Add(new Button(new PixelRect(208, 94, 184, 70), "COPY LOG", size: Theme.TextSize));
        CopyLog.Clicked += (_, _) => Run("Copying the log to the drive BATTERY…", Session.Backend.CopyLogAsync(CancellationToken.None));
        Caption(16, 176, 380, "SOFTWARE AND POWER");
        UpdateSoftware = Add(new Button(new PixelRect(16, 200, 376, 64), "UPDATE SOFTWARE", size: Theme.TextSize));
        UpdateSoftware.Clicked += (_, _) => Session.Confirm?.Open(
            "Update the software?",
            "The new version is installed beside this one\nand the display restarts.",
            "UPDATE",
            () => RunUpdate(),
            Id);
        Restart = Add(new Button(new PixelRect(16, 272, 184, 64), "RESTART", size: Theme.TextSize));
        Restart.Clicked += (_, _) => Session.Confirm?.Open("Restart the display?", "It comes back in about a minute.", "RESTART", () => Report(Session.Backend.Restart()), Id);
        Shutdown = Add(new Button(new PixelRect(208, 272, 184, 64), "SHUT DOWN", size: Theme.TextSize));
        Shutdown.Clicked += (_, _) => Session.Confirm?.Open("Shut the display down?", "Unplug and replug the power\nto start it again.", "SHUT DOWN", () => Report(Session.Backend.Shutdown()), Id, danger: true);
        Exit = Add(new Button(new PixelRect(16, 344, 376, 64), "EXIT TO CONSOLE", size: Theme.TextSize));
        Exit.Clicked += (_, _) => Session.Confirm?.Open("Exit to the console?", "The display program stops;\nlogging stops with it.", "EXIT", () => Report(Session.Backend.ExitToConsole()), Id, danger: true);
        Caption(408, 70, 376, "ABOUT");
        About = Add(new TextBlock(new PixelRect(408, 94, 376, 148), "", Theme.SmallTextSize) { ShowPanel = true, Padding = 10, LineSpacing = 1.25f });
        Caption(408, 248, 376, "BACKUP: HOLDS PASSWORDS AND KEYS");
        SaveSettings = Add(new Button(new PixelRect(408, 272, 376, 64), "SAVE SETTINGS TO USB", size: Theme.TextSize));
        SaveSettings.Clicked += (_, _) => Session.Confirm?.Open(
            "Save the settings to USB?",
            "The file holds the MQTT and VNC passwords,\nthe Wi-Fi keys and the MQTT private key:\nkeep the drive safe.",
            "SAVE",
            () => Run("Saving the settings to the drive BATTERY…", Session.Backend.SaveSettingsToUsbAsync(CancellationToken.None)),
            Id);
        LoadSettings = Add(new Button(new PixelRect(408, 344, 376, 64), "LOAD SETTINGS FROM USB", size: Theme.TextSize));
        LoadSettings.Clicked += (_, _) => Session.Confirm?.Open(
            "Load the settings from USB?",
            "Settings, certificates and Wi-Fi networks\nbecome those of the file on BATTERY.\nRESTART afterwards to use them.",
            "LOAD",
            () => Run("Checking the backup on the drive BATTERY…", Session.Backend.LoadSettingsFromUsbAsync(CancellationToken.None)),
            Id,
            danger: true);
        Finish();
    }

    public Button ResetLog { get; }

    public Button CopyLog { get; }

    public Button UpdateSoftware { get; }

    public Button Restart { get; }

    public Button Shutdown { get; }

    public Button Exit { get; }

    public TextBlock About { get; }

    public Button SaveSettings { get; }

    public Button LoadSettings { get; }

    /// <inheritdoc/>
    protected override void OnShown()
    {
        base.OnShown();
        RefreshAbout();
    }

    /// <inheritdoc/>
    protected override void OnPageUpdate(long timestamp)
    {
        // The update's stage as a live toast while it runs (download, check, install).
        if (_updating && Session.Backend.UpdateProgress is { } stage && stage != _shownStage)
        {
            _shownStage = stage;
            Session.Notify("Update: " + stage, ToastKind.Info);
        }

        if (Context.Time.GetElapsedTime(_aboutAt, timestamp) >= AboutRefresh)
        {
            RefreshAbout();
        }
    }

    private void RefreshAbout()
    {
        _aboutAt = Context.Time.GetTimestamp();
        About.Text = Session.Backend.AboutText();
    }

    private void Report(SettingsResult r) => Session.Notify(r.Message, r.Ok ? ToastKind.Success : ToastKind.Error);

    private void RunUpdate()
    {
        _updating = true;
        _shownStage = null;
        Session.Notify("Looking for an update…", ToastKind.Info);
        Session.Track(Session.Backend.UpdateSoftwareAsync(CancellationToken.None), t =>
        {
            _updating = false;
            Report(((Task<SettingsResult>)t).Result);
        });
    }

    private void Run(string starting, Task<SettingsResult> task)
    {
        Session.Notify(starting, ToastKind.Info);
        Session.Track(task, t => Report(((Task<SettingsResult>)t).Result));
    }
}
