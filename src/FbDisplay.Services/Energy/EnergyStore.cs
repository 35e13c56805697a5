using System.Buffers;
using System.Globalization;
using System.Text.Json;
using FbDisplay.Core.Energy;
using FbDisplay.Services.Storage;

namespace FbDisplay.Services.Energy;

/// <summary>
/// <c>energy.json</c> in the data directory: the energy counters and the local day they belong to, saved atomically at
/// most once per <see cref="SaveInterval"/> and on dispose, never on the UI thread. The UI thread only copies its
/// <see cref="EnergyTotals"/> into a locked slot (<see cref="Offer"/>); a timer thread writes the slot when it changed.
/// A kill or power cut loses at most the seconds since the last save (one interval). See docs/energy.md.
/// </summary>
public sealed class EnergyStore : IDisposable
{
    public const string FileName = "energy.json";
    public const int SchemaVersion = 1;
    public static readonly TimeSpan DefaultSaveInterval = TimeSpan.FromMinutes(1);

    private static readonly JsonWriterOptions WriterOptions = new() { Indented = true };

    private readonly TimeProvider _time;
    private readonly Lock _slotLock = new();
    private readonly Lock _writeLock = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private EnergyTotals _pending;
    private long _offered;
    private long _saved;
    private long _saves;
    private long _saveFailures;
    private volatile string? _lastError;
    private ITimer? _timer;
    private int _disposed;

    public EnergyStore(string dataDirectory, TimeProvider time, TimeSpan? saveInterval = null)
    {
        ArgumentNullException.ThrowIfNull(dataDirectory);
        ArgumentNullException.ThrowIfNull(time);
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        _time = time;
        SaveInterval = saveInterval ?? DefaultSaveInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SaveInterval, TimeSpan.Zero);
    }

    public string Path { get; }

    public TimeSpan SaveInterval { get; }

    /// <summary>
    /// Set by <see cref="Load"/> when the counters did not simply continue: no file yet, a broken file set aside, or a
    /// file dated after today. For the log and the screen; null when the file loaded cleanly.
    /// </summary>
    public string? LoadMessage { get; private set; }

    /// <summary>Files written since start.</summary>
    public long Saves => Interlocked.Read(ref _saves);

    public long SaveFailures => Interlocked.Read(ref _saveFailures);

    /// <summary>Null while saving works; otherwise the last failure. A failed save is retried at the next interval.</summary>
    public string? LastError => _lastError;

    /// <summary>
    /// Reads the saved counters, at start-up before the tick loop runs; hand them to
    /// <see cref="EnergyCounters.Restore"/>, whose first sample rolls them to today. Returns <c>default</c> (zero, no
    /// day) when the file is missing or broken; a broken file is renamed <c>energy.json.broken-&lt;time&gt;</c>.
    /// </summary>
    public EnergyTotals Load()
    {
        LoadMessage = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (FileNotFoundException)
        {
            LoadMessage = $"No {FileName} yet; energy counters start at zero.";
            return default;
        }
        catch (DirectoryNotFoundException)
        {
            LoadMessage = $"No {FileName} yet; energy counters start at zero.";
            return default;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left where it is: it may be fine once readable, though the next save will replace it.
            LoadMessage = $"Could not read {FileName} ({e.Message}); energy counters start at zero.";
            return default;
        }

        if (!TryParse(bytes, out EnergyTotals totals, out string? why))
        {
            return SetAside(why);
        }

        DateOnly today = DateOnly.FromDateTime(_time.GetLocalNow().DateTime);
        if (totals.Day > today)
        {
            LoadMessage = string.Create(CultureInfo.InvariantCulture,
                $"{FileName} is dated {totals.Day:yyyy-MM-dd}, after today {today:yyyy-MM-dd} (clock set back?); its counts are kept and today goes on from them.");
        }

        // The first save rewrites only when something new is offered.
        lock (_slotLock)
        {
            _pending = totals;
        }

        return totals;
    }

    /// <summary>Saves every <see cref="SaveInterval"/> from now on, on a timer thread, when something new was offered.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _timer ??= _time.CreateTimer(static s => ((EnergyStore)s!).OnTimer(), this, SaveInterval, SaveInterval);
    }

    /// <summary>The UI thread's part, once per second: copies the totals for the next save. No I/O, allocates nothing.</summary>
    public void Offer(in EnergyTotals totals)
    {
        lock (_slotLock)
        {
            _pending = totals;
            _offered++;
        }
    }

    /// <summary>
    /// Writes the last offered totals now if they changed since the last save. Blocks on the disk: call it from the
    /// timer, at shutdown or in tests, never from the UI thread. Returns true when a file was written.
    /// </summary>
    public bool Flush()
    {
        lock (_writeLock)
        {
            EnergyTotals totals;
            long version;
            lock (_slotLock)
            {
                totals = _pending;
                version = _offered;
            }

            if (version == _saved)
            {
                return false;
            }

            try
            {
                _buffer.ResetWrittenCount();
                Write(_buffer, totals, _time.GetUtcNow());
                AtomicFile.WriteAllBytes(Path, _buffer.WrittenSpan);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref _saveFailures);
                _lastError = $"Could not save {FileName}: {e.Message}";
                return false;
            }

            _saved = version;
            Interlocked.Increment(ref _saves);
            _lastError = null;
            return true;
        }
    }

    /// <summary>Stops the timer and saves what was offered last (shutdown). Call after the tick loop has stopped.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer?.Dispose();
        Flush();
    }

    /// <summary>The file's content for <paramref name="totals"/>, as <see cref="Flush"/> writes it.</summary>
    public static void Write(IBufferWriter<byte> output, in EnergyTotals totals, DateTimeOffset savedAt)
    {
        using var w = new Utf8JsonWriter(output, WriterOptions);
        w.WriteStartObject();
        w.WriteNumber("schema", SchemaVersion);
        w.WriteString("day", totals.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        w.WriteNumber("todayChargedWh", totals.TodayChargedWh);
        w.WriteNumber("todayDischargedWh", totals.TodayDischargedWh);
        w.WriteNumber("yesterdayChargedWh", totals.YesterdayChargedWh);
        w.WriteNumber("yesterdayDischargedWh", totals.YesterdayDischargedWh);
        w.WriteNumber("totalChargedWh", totals.TotalChargedWh);
        w.WriteNumber("totalDischargedWh", totals.TotalDischargedWh);
        w.WriteNumber("lastSampleUnixSeconds", totals.LastSampleUnixSeconds);
        w.WriteString("savedAt", savedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.Flush();
        output.Write("\n"u8);
    }

    /// <summary>Parses and checks a file's content; <paramref name="why"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out EnergyTotals totals, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? why)
    {
        totals = default;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            using JsonDocument doc = JsonDocument.ParseValue(ref reader);
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                why = "its top level is not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("schema", out JsonElement schema) || schema.ValueKind != JsonValueKind.Number || !schema.TryGetInt32(out int version))
            {
                why = "it has no schema number";
                return false;
            }

            if (version != SchemaVersion)
            {
                why = string.Create(CultureInfo.InvariantCulture, $"schema {version}, this version reads {SchemaVersion}");
                return false;
            }

            if (!root.TryGetProperty("day", out JsonElement dayElement) || dayElement.ValueKind != JsonValueKind.String
                || !DateOnly.TryParseExact(dayElement.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
            {
                why = "\"day\" is missing or not yyyy-MM-dd";
                return false;
            }

            if (!TryWattHours(root, "todayChargedWh", out double todayCharged, out why)
                || !TryWattHours(root, "todayDischargedWh", out double todayDischarged, out why)
                || !TryWattHours(root, "yesterdayChargedWh", out double yesterdayCharged, out why)
                || !TryWattHours(root, "yesterdayDischargedWh", out double yesterdayDischarged, out why)
                || !TryWattHours(root, "totalChargedWh", out double totalCharged, out why)
                || !TryWattHours(root, "totalDischargedWh", out double totalDischarged, out why))
            {
                return false;
            }

            long lastSample = 0;
            if (root.TryGetProperty("lastSampleUnixSeconds", out JsonElement last) && (last.ValueKind != JsonValueKind.Number || !last.TryGetInt64(out lastSample)))
            {
                why = "\"lastSampleUnixSeconds\" is not a whole number";
                return false;
            }

            totals = new EnergyTotals(day, todayCharged, todayDischarged, yesterdayCharged, yesterdayDischarged, totalCharged, totalDischarged, lastSample);
            why = null;
            return true;
        }
        catch (JsonException e)
        {
            why = e.Message;
            return false;
        }
    }

    private static bool TryWattHours(JsonElement root, string name, out double value, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? why)
    {
        value = 0;
        if (!root.TryGetProperty(name, out JsonElement e) || e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out value)
            || !double.IsFinite(value) || value < 0)
        {
            why = $"\"{name}\" is missing or not a number of watt-hours >= 0";
            return false;
        }

        why = null;
        return true;
    }

    private EnergyTotals SetAside(string why)
    {
        string stamp = _time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        string aside = $"{Path}.broken-{stamp}";
        try
        {
            File.Move(Path, aside, overwrite: true);
            LoadMessage = $"Energy file was broken ({why}); moved to {System.IO.Path.GetFileName(aside)}, counters start at zero.";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LoadMessage = $"Energy file was broken ({why}) and could not be moved aside ({e.Message}); counters start at zero.";
        }

        return default;
    }

    private void OnTimer()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            Flush();
        }
    }
}
