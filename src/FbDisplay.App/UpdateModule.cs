using System.Reflection;
using FbDisplay.Core.Text;
using FbDisplay.Services.Storage;
using FbDisplay.Services.Update;
using FbDisplay.Ui.Settings;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// The app's part of software updates (docs/updates.md): settings migration before configuration is read, the trial
/// check at start (which may roll back and ask for a restart), marking the running version healthy once its UI loop has
/// run for <c>Update:HealthSeconds</c>, and UPDATE SOFTWARE itself, whose progress and outcome About shows.
/// </summary>
public sealed class UpdateModule
{
    /// <summary>Exit code that asks the supervisor (systemd Restart=on-failure) to start <c>current</c> again.</summary>
    public const int ExitRestart = 75;

    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly UpdateHealth _health;
    private readonly TimeSpan _healthyAfter;
    private long _firstBeat;
    private int _healthyStarted;
    private volatile Say? _status;
    private int _running;

    public UpdateModule(SettingsReader settings, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _time = time;
        _log = log;
        Options = new UpdateOptions
        {
            FeedUrl = settings.Get(Catalog.Update.FeedUrl) is { Length: > 0 } feed ? feed : null,
            CaFile = settings.Get(Catalog.Update.CaFile) is { Length: > 0 } ca ? ca : null,
            Force = settings.Get(Catalog.Update.Force),
            Root = settings.Get(Catalog.Update.Root),
            PublicKeyFile = settings.Get(Catalog.Update.PublicKeyFile) is { Length: > 0 } key ? key : new UpdateOptions().PublicKeyFile,
            HealthSeconds = settings.Get(Catalog.Update.HealthSeconds),
        };
        Layout = new ReleaseLayout(Options.Root);
        _health = new UpdateHealth(Layout, time);
        _healthyAfter = TimeSpan.FromSeconds(Options.HealthSeconds);
    }

    /// <summary>This build's version: the informational version without build metadata (what bundles and About name).</summary>
    public static string RunningVersion { get; } = ReadVersion();

    public UpdateOptions Options { get; }

    public ReleaseLayout Layout { get; }

    /// <summary>The last update's outcome for the screen (a rollback, or "Updated from … to …"), or null.</summary>
    public string? Message { get; private set; }


    /// <summary>Set when the process should end with <see cref="ExitRestart"/> (after an install or a rollback).</summary>
    public bool RestartRequested { get; private set; }

    /// <summary>Stops the app after an install; set by the host.</summary>
    public Action RequestStop { get; set; } = () => { };

    /// <summary>The start-up trial check. True: <c>current</c> was switched back, exit with <see cref="ExitRestart"/> now.</summary>
    public bool CheckAtStart()
    {
        UpdateStartCheck check;
        try
        {
            check = _health.OnStart(RunningVersion);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Update check at start failed: {Error}", e.Message);
            return false;
        }

        Message = check.Message;
        LastOutcome = check.Message is { } stored ? UpdateWords.Read(stored) : null;
        if (check.Message is { } m)
        {
            _log.LogWarning("{Message}", m);
        }

        if (check.OnTrial)
        {
            _log.LogInformation("Version {Version} is on trial after an update; healthy after {Seconds} s of drawing", RunningVersion, Options.HealthSeconds);
        }

        RestartRequested = check.RollBack;
        return check.RollBack;
    }

    /// <summary>Called by the UI loop every tick (allocation-free): marks the version healthy once, in the background.</summary>
    public void Heartbeat()
    {
        if (_healthyStarted != 0)
        {
            return;
        }

        long now = _time.GetTimestamp();
        if (_firstBeat == 0)
        {
            _firstBeat = now;
            return;
        }

        if (_time.GetElapsedTime(_firstBeat, now) >= _healthyAfter && Interlocked.Exchange(ref _healthyStarted, 1) == 0)
        {
            _ = Task.Run(MarkHealthy);
        }
    }

    private void MarkHealthy()
    {
        try
        {
            if (_health.MarkHealthy(RunningVersion) is { } updated)
            {
                Message = updated;
                LastOutcome = UpdateWords.Read(updated);
                _log.LogInformation("{Message} Version {Version} is healthy", updated, RunningVersion);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Could not mark version {Version} healthy: {Error}", RunningVersion, e.Message);
        }
    }

    /// <summary>The running update's stage, null when none runs (any thread).</summary>
    public Say? Progress => Volatile.Read(ref _running) != 0 ? _status : null;

    /// <summary>This run's update: its stage while it runs, then its outcome; null before any.</summary>
    public Say? Status => _status;

    /// <summary>The outcome kept over the last restart (or the end of this start's trial), in the display's words where its shape is known; null if none.</summary>
    public Say? LastOutcome { get; private set; }

    /// <summary>UPDATE SOFTWARE: installs from the BATTERY drive or the feed; on success the app restarts into the new version.</summary>
    public async Task<SettingsResult> UpdateAsync(IRemovableDrive drive, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            return SettingsResult.Failed(Say.Of(Tx.UpdateRunning));
        }

        try
        {
            var service = new UpdateService(Options, RunningVersion, drive, _time);
            var progress = new StatusProgress(this);
            UpdateResult r = await Task.Run(() => service.RunAsync(progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            _log.Log(r.Installed ? LogLevel.Information : LogLevel.Warning, "UPDATE SOFTWARE: {Outcome}: {Message}", r.Outcome, r.Message);
            Say words = BackendWords.Of(r, RunningVersion);
            _status = words;
            if (r.Outcome == UpdateOutcome.Unreachable)
            {
                // The manual: without a network the display restarts and nothing is installed. The reason survives
                // the restart in update-message, so the restarted display still says why.
                return RestartWithMessage(words);
            }

            if (!r.Installed)
            {
                return new SettingsResult(r.Outcome == UpdateOutcome.UpToDate, words);
            }

            RestartRequested = true;
            _ = RestartSoonAsync();
            return SettingsResult.Done(words);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    /// <summary>Lines for About: the running update's stage or the last outcome (see <see cref="AboutPanel"/>).</summary>
    public string AboutLines(DisplayLanguage language = DisplayLanguage.English) => AboutPanel.UpdateLines(Status, LastOutcome, language);

    private SettingsResult RestartWithMessage(Say message)
    {
        try
        {
            Layout.WriteMessage(message.English);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Could not keep the update message over the restart: {Error}", e.Message);
        }

        RestartRequested = true;
        _ = RestartSoonAsync();
        return SettingsResult.Failed(Say.Of(Tx.UpdateThenRestart, message));
    }

    private async Task RestartSoonAsync()
    {
        // Long enough for the toast to be read; systemd starts `current` (the new release) after the exit.
        await Task.Delay(TimeSpan.FromSeconds(3), _time).ConfigureAwait(false);
        RequestStop();
    }

    private static string ReadVersion()
    {
        Assembly a = typeof(UpdateModule).Assembly;
        string? v = a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? a.GetName().Version?.ToString(3);
        return (v ?? "0.0.0").Split('+')[0];
    }

    private sealed class StatusProgress(UpdateModule owner) : IProgress<UpdateProgress>
    {
        // A new sentence only when its words change (a download reports every chunk): the page shows each one once.
        public void Report(UpdateProgress value)
        {
            Say words = value.Words;
            if (owner._status?.English != words.English)
            {
                owner._status = words;
            }
        }
    }
}
