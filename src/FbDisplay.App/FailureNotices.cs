using FbDisplay.Core.Text;
using FbDisplay.Ui.Screens;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// Failures that must not stay silent (issue 17, row 11): PowerSafe100.log, the history database, its external
/// mirror, energy.json and the MQTT link each keep their last error. Once a second on the UI thread each change is
/// written to the journal once, with its reason, and shown on the screen's message line; when it clears, the journal
/// says so and the line is emptied if it still shows that failure. Nothing allocates while nothing changes.
/// The data partition's failures (the log, the history, the energy counters) are one storage notice: a card that turned
/// read-only or fails its writes says "Storage failed", a full partition "Data partition full", and what stopped; it
/// stays on the line while the failure lasts (shown again when another notice emptied the line) and goes when every
/// part writes again. The screen has the words in the display's language (the system's own reason as it came), the
/// journal in English.
/// </summary>
public sealed class FailureNotices
{
    private readonly ILogger _log;
    private const string StorageNotice = "Storage";
    private readonly List<(Text What, Func<string?> Error, Text? Stopped)> _sources = [];
    private readonly List<string?> _seen = [];
    private string? _onScreen;
    private string? _onScreenFrom;
    private Say? _storage;

    public FailureNotices(Appliance app, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(app);
        _log = log;
        Add(Tx.PartLog, () => app.Log.LastError, Tx.StoppedLog);
        Add(Tx.PartHistory, () => app.History.Store?.LastError, Tx.StoppedHistory);
        Add(Tx.PartHistoryMirror, () => app.History.Mirror?.LastError, null);
        Add(Tx.PartEnergy, () => app.Energy.Store.LastError, Tx.StoppedEnergy);
        Add(Tx.PartMqtt, () => app.Mqtt.Connection is { } c && !c.IsConnected ? c.LastError : null, null);
    }

    /// <summary>For tests: the failures' sources in the order of their priority on the screen.</summary>
    internal FailureNotices(ILogger log, params (Text What, Func<string?> Error, Text? Stopped)[] sources)
    {
        _log = log;
        foreach ((Text what, Func<string?> error, Text? stopped) in sources)
        {
            Add(what, error, stopped);
        }
    }

    /// <summary>A warning logged at start (e.g. credentials over plain MQTT) and shown shortly until a failure replaces it.</summary>
    public void Warn(string message, Say onScreen, DisplayContext? context)
    {
        _log.LogWarning("{Message}", message);
        Show(onScreen, null, context);
    }

    /// <summary>UI thread, once a second.</summary>
    public void AfterSecond(DisplayContext? context)
    {
        bool storageChanged = false;
        for (int i = 0; i < _sources.Count; i++)
        {
            string? error = _sources[i].Error();
            string? before = _seen[i];
            if (error == before)
            {
                continue;
            }

            _seen[i] = error;
            string what = _sources[i].What[DisplayLanguage.English];
            if (_sources[i].Stopped is not null)
            {
                storageChanged = true;
                if (error is not null)
                {
                    _log.LogWarning("{What} failing: {Error}", what, error);
                }
                else
                {
                    _log.LogInformation("{What} works again (was: {Error})", what, before);
                }
            }
            else if (error is not null)
            {
                _log.LogWarning("{What} failing: {Error}", what, error);
                Show(ForScreen(_sources[i].What, error), what, context);
            }
            else
            {
                _log.LogInformation("{What} works again (was: {Error})", what, before);
                Clear(what, context);
            }
        }

        if (storageChanged)
        {
            Say? storage = StorageLine();
            if (storage is null)
            {
                Clear(StorageNotice, context);
            }
            else if (storage.English != _storage?.English)
            {
                Show(storage, StorageNotice, context);
            }

            _storage = storage;
        }
        else if (_storage is not null && context is not null && context.StatusMessage.Length == 0)
        {
            Show(_storage, StorageNotice, context); // a toast or another notice emptied the line: the failure lasts
        }
    }

    /// <summary>The data partition's kinds of failure, from the reason the OS or SQLite gave.</summary>
    internal enum StorageFault
    {
        Other,
        ReadOnly,
        WriteErrors,
        Full,
    }

    internal static StorageFault Classify(string error)
    {
        if (error.Contains("No space left on device", StringComparison.OrdinalIgnoreCase) || error.Contains("disk is full", StringComparison.OrdinalIgnoreCase)
            || error.Contains("Disk quota exceeded", StringComparison.OrdinalIgnoreCase))
        {
            return StorageFault.Full;
        }

        if (error.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) || error.Contains("readonly database", StringComparison.OrdinalIgnoreCase))
        {
            return StorageFault.ReadOnly;
        }

        return error.Contains("Input/output error", StringComparison.OrdinalIgnoreCase) || error.Contains("disk I/O error", StringComparison.OrdinalIgnoreCase)
            ? StorageFault.WriteErrors
            : StorageFault.Other;
    }

    /// <summary>The storage notice for one part's failure: what the partition did and what stopped.</summary>
    internal static Say ForStorage(Text what, string error, Text stopped) => Classify(error) switch
    {
        StorageFault.Full => Say.Of(Tx.NoticeStorageFull, stopped),
        StorageFault.ReadOnly => Say.Of(Tx.NoticeStorageReadOnly, stopped),
        StorageFault.WriteErrors => Say.Of(Tx.NoticeStorageWriteErrors, stopped),
        _ => ForScreen(what, error),
    };

    /// <summary>The first failing part of the data partition, in the sources' order (the log first).</summary>
    private Say? StorageLine()
    {
        for (int i = 0; i < _sources.Count; i++)
        {
            if (_sources[i].Stopped is { } stopped && _seen[i] is { } error)
            {
                return ForStorage(_sources[i].What, error, stopped);
            }
        }

        return null;
    }

    private void Clear(string from, DisplayContext? context)
    {
        if (context is not null && _onScreenFrom == from && context.StatusMessage == _onScreen)
        {
            context.StatusMessage = "";
            _onScreen = null;
        }
    }

    /// <summary>The failing part and the innermost reason (the system's words, as they came); the message line cuts what is wider than it.</summary>
    internal static Say ForScreen(Text what, string error)
    {
        // .NET names the file after the reason ("Read-only file system : '/var/lib/fbdisplay/PowerSafe100.log'"):
        // the reason is what the line has room for.
        int path = error.LastIndexOf(" : '", StringComparison.Ordinal);
        if (path > 0 && error.EndsWith('\''))
        {
            error = error[..path];
        }

        int colon = error.LastIndexOf(": ", StringComparison.Ordinal);
        string reason = colon >= 0 && colon + 2 < error.Length ? error[(colon + 2)..] : error;
        return Say.Of(Tx.NoticeFailing, what, reason);
    }

    private void Add(Text what, Func<string?> error, Text? stopped)
    {
        _sources.Add((what, error, stopped));
        _seen.Add(null);
    }

    private void Show(Say message, string? from, DisplayContext? context)
    {
        if (context is not null)
        {
            string line = message.In(context.Language); // the screen cuts what is wider than its line
            context.StatusMessage = line;
            _onScreen = line;
            _onScreenFrom = from;
        }
    }
}
