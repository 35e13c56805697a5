using System.Runtime.InteropServices;
using FbDisplay.Core.Text;
using FbDisplay.Linux.Systemd;
using FbDisplay.Services.Storage;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// The program from start to exit, top to bottom: logging, the data directory, a first start's restore from the
/// BATTERY drive, the settings, one instance per data directory, the update trial check, signals, then the <see cref="Appliance"/> until SIGTERM, SIGINT, SIGHUP or EXIT.
/// </summary>
public static class Startup
{
    public const int ExitOk = 0;
    public const int ExitAlreadyRunning = 3;

    public static async Task<int> RunAsync(string[] args, TimeProvider time)
    {
        using ILoggerFactory loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            })
            .SetMinimumLevel(LogLevel.Information));
        ILogger log = loggers.CreateLogger("fbdisplay");

        var problems = new SettingsProblems();
        problems.Added += message => log.LogWarning("{Problem}", message);
        IReadOnlyList<KeyValuePair<string, string?>> overrides = SettingsLoading.Overrides(args, problems);
        string dataDir = SettingsLoading.DataDirectory(overrides);
        string? storageProblem = DataDirectory.Prepare(dataDir);
        using DataDirectory.Lock instance = DataDirectory.LockSingleInstance(dataDir);
        if (instance.HeldByAnother)
        {
            log.LogCritical("Another fbdisplay is already running with data directory {DataDir}.", dataDir);
            return ExitAlreadyRunning;
        }

        Say? restored = storageProblem is null ? FirstStartRestore.Run(dataDir, overrides, time, log) : null;
        var settingsFile = new SettingsFile(dataDir, time);
        SettingsReader settings = SettingsLoading.Read(settingsFile, overrides, problems, m => log.LogInformation("{Message}", m));
        storageProblem ??= instance.Problem;
        if (storageProblem is not null)
        {
            log.LogError("{Problem}", storageProblem);
        }

        var updates = new UpdateModule(settings, time, log);
        if (updates.CheckAtStart())
        {
            return UpdateModule.ExitRestart; // rolled back: the supervisor starts the previous release
        }

        using var cts = new CancellationTokenSource();
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Stop(c, cts));
        using PosixSignalRegistration intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Stop(c, cts));

        // A closed terminal or SSH session sends SIGHUP, whose default ends the process before energy.json's last save.
        using PosixSignalRegistration hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c => Stop(c, cts));

        log.LogInformation("fbdisplay {Version} starting; data in {DataDir}", UpdateModule.RunningVersion, dataDir);
        updates.RequestStop = cts.Cancel;
        var startup = new StartupNotes(problems, storageProblem, updates.Message) { RestoreMessage = restored };
        await using var appliance = new Appliance(AppSettings.Read(settings, dataDir), settings, time, loggers)
        {
            SettingsFile = settingsFile,
            RequestStop = cts.Cancel,
            Updates = updates,
            Notes = startup,
        };
        using var systemd = new SystemdNotifier(time);
        if (systemd.Problem is { } notifyProblem)
        {
            log.LogWarning("systemd notifications off: {Problem}", notifyProblem);
        }

        appliance.Start();

        // Kestrel takes seconds to start on a slow CPU: the screen must not stay blank meanwhile, so the web server
        // starts beside the UI loop. If it fails with more than the IOException it reports itself, the loop stops
        // and the await below rethrows.
        Task web = Task.Run(appliance.StartWebAsync);
        _ = web.ContinueWith(_ => Stop(null, cts), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        appliance.Loop.Heartbeat = () =>
        {
            systemd.Ping();
            updates.Heartbeat();
        };
        systemd.NotifyReady();
        appliance.Loop.Run(cts.Token);
        systemd.NotifyStopping();
        await web.ConfigureAwait(false);
        log.LogInformation("fbdisplay stopping");
        return updates.RestartRequested ? UpdateModule.ExitRestart : ExitOk;
    }

    private static void Stop(PosixSignalContext? signal, CancellationTokenSource cts)
    {
        if (signal is not null)
        {
            signal.Cancel = true;
        }

        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}

/// <summary>What the owner should read on the main screen's message line after a start: the first thing wrong, short.</summary>
/// <remarks>Settings are read by each module as it is built: the problems are looked at once the modules exist. The
/// journal has every sentence in full, in English; the screen line holds about 50 characters, in the display's language.</remarks>
public sealed record StartupNotes(SettingsProblems Settings, string? StorageProblem, string? UpdateMessage)
{
    public static StartupNotes None { get; } = new(new SettingsProblems(), null, null);

    /// <summary>What the first start's restore from the BATTERY drive did, or null.</summary>
    public Say? RestoreMessage { get; init; }

    /// <summary>Storage first (nothing is kept), then an update's outcome, the first start's restore, then the settings not taken.</summary>
    public Say? ScreenMessage => StorageProblem is not null ? Say.Of(Tx.NoticeStorageAtStart)
        : (UpdateMessage is { } update ? UpdateWords.Read(update) : null) ?? RestoreMessage ?? Settings.Keys switch
        {
            [] => null,
            [Services.Storage.SettingsFile.FileName] => Say.Of(Tx.NoticeSettingsBroken),
            [var one] => Say.Of(Tx.NoticeSettingIgnored, one),
            [var first, ..] => Say.Of(Tx.NoticeSettingsIgnored, Settings.Count, first),
        };
}
