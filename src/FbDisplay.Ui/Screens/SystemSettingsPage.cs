using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
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
    private Say? _shownStage;

    public SystemSettingsPage(SettingsSession session, int width = 800, int height = 480)
        : base(session, ScreenId.SettingsSystem, Tx.SystemTitle, width, height)
    {
        Caption(16, 70, 380, T(Tx.SystemLog));
        ResetLog = Add(new Button(new PixelRect(16, 94, 184, 70), T(Tx.SystemResetLog), size: Theme.TextSize) { Foreground = Theme.Discharge });
        ResetLog.Clicked += (_, _) => Session.Confirm?.Open(
            T(Tx.SystemEraseTitle),
            T(Tx.SystemEraseText),
            T(Tx.SystemEraseLog),
            () => Report(Session.Backend.ResetLog()),
            Id,
            danger: true);
        CopyLog = Add(new Button(new PixelRect(208, 94, 184, 70), T(Tx.SystemCopyLog), size: Theme.TextSize));
        CopyLog.Clicked += (_, _) => Run(T(Tx.SystemCopying), Session.Backend.CopyLogAsync(CancellationToken.None));
        Caption(16, 176, 380, T(Tx.SystemSoftware));
        UpdateSoftware = Add(new Button(new PixelRect(16, 200, 376, 64), T(Tx.SystemUpdateSoftware), size: Theme.TextSize));
        UpdateSoftware.Clicked += (_, _) => Session.Confirm?.Open(
            T(Tx.SystemUpdateTitle),
            T(Tx.SystemUpdateText),
            T(Tx.SystemUpdate),
            () => RunUpdate(),
            Id);
        Restart = Add(new Button(new PixelRect(16, 272, 184, 64), T(Tx.SystemRestart), size: Theme.TextSize));
        Restart.Clicked += (_, _) => Session.Confirm?.Open(T(Tx.SystemRestartTitle), T(Tx.SystemRestartText), T(Tx.SystemRestart), () => Session.Track(Session.Backend.RestartAsync(CancellationToken.None), t => Report(((Task<SettingsResult>)t).Result)), Id);
        Shutdown = Add(new Button(new PixelRect(208, 272, 184, 64), T(Tx.SystemShutdown), size: Theme.TextSize));
        Shutdown.Clicked += (_, _) => Session.Confirm?.Open(T(Tx.SystemShutdownTitle), T(Tx.SystemShutdownText), T(Tx.SystemShutdown), () => Session.Track(Session.Backend.ShutdownAsync(CancellationToken.None), t => Report(((Task<SettingsResult>)t).Result)), Id, danger: true);
        Exit = Add(new Button(new PixelRect(16, 344, 376, 64), T(Tx.SystemExit), size: Theme.TextSize));
        Exit.Clicked += (_, _) => Session.Confirm?.Open(T(Tx.SystemExitTitle), T(Tx.SystemExitText), T(Tx.SystemExitButton), () => Report(Session.Backend.ExitToConsole()), Id, danger: true);
        Caption(408, 70, 376, T(Tx.SystemAbout));
        About = Add(new TextBlock(new PixelRect(408, 94, 376, 148), "", Theme.SmallTextSize) { ShowPanel = true, Padding = 10, LineSpacing = 1.25f });
        Caption(408, 248, 376, T(Tx.SystemBackupCaption));
        SaveSettings = Add(new Button(new PixelRect(408, 272, 376, 64), T(Tx.SystemSaveSettings), size: Theme.TextSize));
        SaveSettings.Clicked += (_, _) => Session.Confirm?.Open(
            T(Tx.SystemSaveSettingsTitle),
            T(Tx.SystemSaveSettingsText),
            T(Tx.Save),
            () => Run(T(Tx.SystemSavingSettings), Session.Backend.SaveSettingsToUsbAsync(CancellationToken.None)),
            Id);
        LoadSettings = Add(new Button(new PixelRect(408, 344, 376, 64), T(Tx.SystemLoadSettings), size: Theme.TextSize));
        LoadSettings.Clicked += (_, _) => Session.Confirm?.Open(
            T(Tx.SystemLoadSettingsTitle),
            T(Tx.SystemLoadSettingsText),
            T(Tx.SystemLoad),
            () => Run(T(Tx.SystemCheckingBackup), Session.Backend.LoadSettingsFromUsbAsync(CancellationToken.None)),
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
        if (_updating && Session.Backend.UpdateProgress is { } stage && !ReferenceEquals(stage, _shownStage))
        {
            _shownStage = stage;
            Session.Notify(Say.Of(Tx.SystemUpdateStage, stage).In(Context.Language), ToastKind.Info);
        }

        if (Context.Time.GetElapsedTime(_aboutAt, timestamp) >= AboutRefresh)
        {
            RefreshAbout();
        }
    }

    private void RefreshAbout()
    {
        _aboutAt = Context.Time.GetTimestamp();
        About.Text = AboutPanel.Text(Session.Backend.About(), Context.Language);
    }

    private void Report(SettingsResult r) => Session.Notify(r.In(Context.Language), r.Ok ? ToastKind.Success : ToastKind.Error);

    private void RunUpdate()
    {
        _updating = true;
        _shownStage = null;
        Session.Notify(T(Tx.SystemLookingForUpdate), ToastKind.Info);
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
