using FbDisplay.Core.Text;
using FbDisplay.Services.Alarms;
using FbDisplay.Services.Backup;
using FbDisplay.Services.Web;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// The built-in web server: the live page, /api/status, /api/history, /api/alarms, /metrics, the screen as PNG and,
/// while screen sharing runs, the browser view; /api/backup.json, the settings backup without its secrets. Off when
/// <c>Web:Urls</c> is empty.
/// </summary>
public sealed class WebModule(string urls, string dataDirectory, DisplayLanguage language, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ILogger _log = loggers.CreateLogger("fbdisplay");
    private StatusWebServer? _web;

    /// <summary>The running server, or null (off, not started yet, or its port was taken).</summary>
    public StatusWebServer? Server => _web;

    /// <summary>Starts Kestrel (seconds on a slow CPU: called beside the UI loop, never on it).</summary>
    public async Task StartAsync(Appliance appliance)
    {
        ArgumentNullException.ThrowIfNull(appliance);
        if (string.IsNullOrWhiteSpace(urls))
        {
            return;
        }

        try
        {
            TouchScreen? screen = appliance.Screen;
            ScreenshotProvider screenshot = screen is null ? _ => Task.FromResult<byte[]?>(null) : screen.CaptureAsync;
            var ids = (appliance.Mqtt.Options.BmsId ?? "", appliance.Mqtt.Options.DisplayId ?? "");
            _web = new StatusWebServer(urls, appliance.Loop.Board, screenshot, new AppMetrics(appliance), () => ids, loggers, appliance.History.Store, appliance.Loop.Time, () => language);
            if (appliance.Sharing.Server is { } vnc)
            {
                _web.AddScreenSharing(vnc.RunWebSocketAsync);
            }
            else
            {
                _web.AddScreenSharingOff(appliance.Sharing.OffReason ?? Say.Of(Tx.WebOffNotRunning));
            }

            _web.AddJson("/api/alarms", () => AlarmJournal.Serialize(appliance.Alarms.Snapshot));
            var backup = new SettingsBackup(dataDirectory, appliance.Loop.Time, new NmcliWifiConnections(), UpdateModule.RunningVersion);
            _web.AddDownload("/api/backup.json", SettingsBackup.FileName, backup.DownloadAsync);
            await _web.StartAsync().ConfigureAwait(false);
            _log.LogInformation("Web server on {Urls}", string.Join(' ', _web.Urls));
        }
        catch (IOException e)
        {
            _log.LogError("Web server not started on {Urls}: {Error}", urls, e.Message);
            _web = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_web is not null)
        {
            await _web.DisposeAsync().ConfigureAwait(false);
        }
    }
}
