using FbDisplay.Ui.Screens;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// Failures that must not stay silent (issue 17, row 11): PowerSafe100.log, the history database, its external
/// mirror, energy.json and the MQTT link each keep their last error. Once a second on the UI thread each change is
/// written to the journal once, with its reason, and shown on the screen's message line; when it clears, the journal
/// says so and the line is emptied if it still shows that failure. Nothing allocates while nothing changes.
/// </summary>
public sealed class FailureNotices
{
    private readonly ILogger _log;
    private readonly List<(string What, Func<string?> Error)> _sources = [];
    private readonly List<string?> _seen = [];
    private string? _onScreen;
    private string? _onScreenFrom;

    public FailureNotices(Appliance app, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(app);
        _log = log;
        Add("Log", () => app.Log.LastError);
        Add("History", () => app.History.Store?.LastError);
        Add("History mirror", () => app.History.Mirror?.LastError);
        Add("Energy counters", () => app.Energy.Store.LastError);
        Add("MQTT", () => app.Mqtt.Connection is { } c && !c.IsConnected ? c.LastError : null);
    }

    /// <summary>A warning logged at start (e.g. credentials over plain MQTT) and shown shortly until a failure replaces it.</summary>
    public void Warn(string message, string onScreen, DisplayContext? context)
    {
        _log.LogWarning("{Message}", message);
        Show(onScreen, null, context);
    }

    /// <summary>UI thread, once a second.</summary>
    public void AfterSecond(DisplayContext? context)
    {
        for (int i = 0; i < _sources.Count; i++)
        {
            string? error = _sources[i].Error();
            string? before = _seen[i];
            if (error == before)
            {
                continue;
            }

            _seen[i] = error;
            string what = _sources[i].What;
            if (error is not null)
            {
                _log.LogWarning("{What} failing: {Error}", what, error);
                Show(ForScreen(what, error), what, context);
            }
            else
            {
                _log.LogInformation("{What} works again (was: {Error})", what, before);
                if (context is not null && _onScreenFrom == what && context.StatusMessage == _onScreen)
                {
                    context.StatusMessage = "";
                    _onScreen = null;
                }
            }
        }
    }

    /// <summary>The message line holds about 55 characters: the failing part and the innermost reason, cut with an ellipsis.</summary>
    internal static string ForScreen(string what, string error)
    {
        const int Max = 52;
        int colon = error.LastIndexOf(": ", StringComparison.Ordinal);
        string reason = colon >= 0 && colon + 2 < error.Length ? error[(colon + 2)..] : error;
        string line = $"{what}: {reason}";
        return line.Length <= Max ? line : string.Concat(line.AsSpan(0, Max - 1), "\u2026");
    }

    private void Add(string what, Func<string?> error)
    {
        _sources.Add((what, error));
        _seen.Add(null);
    }

    private void Show(string message, string? from, DisplayContext? context)
    {
        if (context is not null)
        {
            context.StatusMessage = message;
            _onScreen = message;
            _onScreenFrom = from;
        }
    }
}
