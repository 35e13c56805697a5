using System.Globalization;
using System.Text.Json;
using FbDisplay.Core.Alarms;
using FbDisplay.Services.Storage;

namespace FbDisplay.Services.Alarms;

/// <summary>What alarms.json holds: each alarm's state and the history, oldest first.</summary>
public sealed record AlarmJournalData(AlarmStatus[] Status, AlarmEvent[] History)
{
    public static AlarmJournalData Empty { get; } = new(new AlarmStatus[AlarmKinds.Count], []);

    /// <summary>A copy of the monitor's state (on the UI thread, when it changed).</summary>
    public static AlarmJournalData From(AlarmMonitor monitor)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        var status = new AlarmStatus[AlarmKinds.Count];
        for (int i = 0; i < status.Length; i++)
        {
            status[i] = monitor[(AlarmKind)i];
        }

        var history = new AlarmEvent[monitor.HistoryCount];
        monitor.CopyHistory(history);
        return new AlarmJournalData(status, history);
    }
}

/// <summary>
/// Keeps the alarms across restarts in <c>alarms.json</c>. The UI thread only takes a copy when the monitor changed
/// (a raise, a clear, an acknowledgement: rare); a background thread writes it atomically (write, fsync, rename), so
/// a power cut leaves the previous or the new journal. A broken file is set aside and the display starts with none.
/// </summary>
public sealed class AlarmJournal : IDisposable
{
    public const int SchemaVersion = 1;

    private readonly string _path;
    private readonly Lock _lock = new();
    private readonly Lock _writeLock = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Thread _writer;
    private AlarmJournalData? _pending;
    private volatile bool _stopping;

    public AlarmJournal(string path)
    {
        _path = path;
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "alarm-journal" };
        _writer.Start();
    }

    public string FilePath => _path;

    /// <summary>Journals written.</summary>
    public long Writes { get; private set; }

    /// <summary>The last write's error, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Reads the journal; a missing file is an empty journal, a broken one is moved aside with a message.</summary>
    public static AlarmJournalData Load(string path, out string? message)
    {
        message = null;
        if (!File.Exists(path))
        {
            return AlarmJournalData.Empty;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A failing card or a wrong owner: the display must still start. The file stays for a person to look at.
            message = $"Alarm journal {path} cannot be read ({e.Message}); starting with no alarms.";
            return AlarmJournalData.Empty;
        }

        try
        {
            return Parse(bytes);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidDataException or KeyNotFoundException or InvalidOperationException)
        {
            string aside = $"{path}.broken-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}-{Environment.TickCount64.ToString(CultureInfo.InvariantCulture)}";
            try
            {
                File.Move(path, aside);
            }
            catch (IOException)
            {
                // Leave it; the next save replaces it.
            }

            message = $"Alarm journal was broken ({e.Message}); moved to {Path.GetFileName(aside)}, starting with no alarms.";
            return AlarmJournalData.Empty;
        }
    }

    /// <summary>Copies the monitor's state for the writer (on the UI thread, when it changed).</summary>
    public void Capture(AlarmMonitor monitor) => Capture(AlarmJournalData.From(monitor));

    /// <summary>Hands a copy to the writer; the newest copy wins.</summary>
    public void Capture(AlarmJournalData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_lock)
        {
            _pending = data;
        }

        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: the writer takes the newest copy.
            }
        }
    }

    /// <summary>Writes what is pending now, on the caller's thread (shutdown, tests).</summary>
    public void Flush()
    {
        AlarmJournalData? data;
        lock (_lock)
        {
            data = _pending;
            _pending = null;
        }

        if (data is not null)
        {
            Write(data);
        }
    }

    public static byte[] Serialize(AlarmJournalData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", SchemaVersion);
            w.WriteStartArray("alarms");
            for (int i = 0; i < data.Status.Length; i++)
            {
                AlarmStatus s = data.Status[i];
                if (!s.Raised)
                {
                    continue;
                }

                w.WriteStartObject();
                w.WriteString("kind", ((AlarmKind)i).Key());
                w.WriteString("title", ((AlarmKind)i).Title());
                w.WriteBoolean("acknowledged", s.Acknowledged);
                w.WriteNumber("raisedAt", s.RaisedAtUnixMilliseconds);
                w.WriteNumber("value", s.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("history");
            foreach (AlarmEvent e in data.History)
            {
                w.WriteStartObject();
                w.WriteString("kind", e.Kind.Key());
                w.WriteString("title", e.Kind.Title());
                w.WriteString("type", e.Type switch { AlarmEventType.Raised => "raised", AlarmEventType.Cleared => "cleared", _ => "acknowledged" });
                w.WriteNumber("at", e.UnixMilliseconds);
                w.WriteNumber("value", e.Value);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return ms.ToArray();
    }

    public static AlarmJournalData Parse(ReadOnlySpan<byte> json)
    {
        using JsonDocument doc = JsonDocument.Parse(json.ToArray());
        JsonElement root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || root.GetProperty("schema").GetInt32() != SchemaVersion)
        {
            throw new InvalidDataException($"not an alarm journal of schema {SchemaVersion}");
        }

        var status = new AlarmStatus[AlarmKinds.Count];
        foreach (JsonElement a in root.GetProperty("alarms").EnumerateArray())
        {
            AlarmKind kind = KindOf(a.GetProperty("kind").GetString());
            status[(int)kind] = new AlarmStatus(true, a.GetProperty("acknowledged").GetBoolean(), a.GetProperty("raisedAt").GetInt64(), a.GetProperty("value").GetDouble());
        }

        var history = new List<AlarmEvent>();
        foreach (JsonElement e in root.GetProperty("history").EnumerateArray())
        {
            AlarmEventType type = e.GetProperty("type").GetString() switch
            {
                "raised" => AlarmEventType.Raised,
                "cleared" => AlarmEventType.Cleared,
                "acknowledged" => AlarmEventType.Acknowledged,
                string other => throw new InvalidDataException($"unknown event type \"{other}\""),
                null => throw new InvalidDataException("event without a type"),
            };
            history.Add(new AlarmEvent(KindOf(e.GetProperty("kind").GetString()), type, e.GetProperty("at").GetInt64(), e.GetProperty("value").GetDouble()));
        }

        return new AlarmJournalData(status, [.. history]);
    }

    public void Dispose()
    {
        _stopping = true;
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }

        _writer.Join(TimeSpan.FromSeconds(5));
        Flush();
        _signal.Dispose();
    }

    private static AlarmKind KindOf(string? key)
    {
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            if (((AlarmKind)i).Key() == key)
            {
                return (AlarmKind)i;
            }
        }

        throw new InvalidDataException($"unknown alarm \"{key}\"");
    }

    private void WriteLoop()
    {
        while (!_stopping)
        {
            _signal.Wait();
            Flush();
        }
    }

    private void Write(AlarmJournalData data)
    {
        // The writer thread and a last Flush at shutdown (after a slow join) must not share the temporary file.
        lock (_writeLock)
        {
            WriteLocked(data);
        }
    }

    private void WriteLocked(AlarmJournalData data)
    {
        try
        {
            AtomicFile.WriteAllBytes(_path, Serialize(data));
            Writes++;
            LastError = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or a read-only data partition: the alarms still work, they are just not kept.
            LastError = $"Cannot write {_path}: {e.Message}";
            lock (_lock)
            {
                _pending ??= data; // try again with the next change
            }
        }
    }
}
