using System.Threading.Channels;
using FbDisplay.Core.History;
using FbDisplay.Core.Logging;

namespace FbDisplay.Services.Logging;

/// <summary>
/// Appends one PowerSafe100.log line per second, off the UI thread. Lines are batched and fsynced every
/// <see cref="FlushInterval"/> to spare the SD card, so a power cut loses at most that much; a torn last line is cut
/// off on start so the file always imports line by line. A failing disk stops writing with a counter and a message,
/// keeps up to an hour of lines in memory, and retries.
/// </summary>
/// <remarks>
/// Appending to a file that is already open is not proof that the disk works: after a failing SD card's write errors
/// ext4 (errors=remount-ro, Debian's 6.1 kernel) refuses every new file and rename with EROFS, yet appends and fsync to
/// an open file still succeed while nothing reaches the card. So every <see cref="ProbeInterval"/> (and before every
/// retry) the writer also creates, writes, fsyncs and deletes a small file beside the log; when that fails, logging
/// has failed, whatever the open file says.
/// </remarks>
public sealed class PowerSafeLogWriter : IAsyncDisposable
{
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromSeconds(30);

    /// <summary>The probe file beside the log (created and deleted at once).</summary>
    public const string ProbeFileName = ".PowerSafe100.log.probe";
    private const int BufferBytes = 64 * 1024;

    private readonly TimeProvider _time;
    private readonly TimeSpan _retryAfterFailure;
    private readonly TimeSpan _probeInterval;
    private readonly Channel<SecondSample> _channel;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private readonly CancellationTokenSource _stop = new();
    private int _buffered;
    private FileStream? _stream;
    private Task? _worker;
    private int _resetRequested;
    private long _linesWritten;
    private long _linesDropped;
    private long _writeFailures;
    private volatile string? _lastError;

    public PowerSafeLogWriter(string dataDirectory, TimeProvider time, TimeSpan? flushInterval = null, TimeSpan? retryAfterFailure = null, TimeSpan? probeInterval = null)
    {
        _retryAfterFailure = retryAfterFailure ?? RetryAfterFailure;
        _probeInterval = probeInterval ?? DefaultProbeInterval;
        FilePath = Path.Combine(dataDirectory, PowerSafeLogLine.FileName);
        _time = time;
        FlushInterval = flushInterval ?? DefaultFlushInterval;
        _channel = Channel.CreateBounded<SecondSample>(
            new BoundedChannelOptions(3600) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            _ => Interlocked.Increment(ref _linesDropped));
    }

    public string FilePath { get; }

    public TimeSpan FlushInterval { get; }

    /// <summary>How often a write of a new file beside the log proves the disk still takes writes.</summary>
    public TimeSpan ProbeInterval => _probeInterval;

    /// <summary>Lines made durable on disk.</summary>
    public long LinesWritten => Interlocked.Read(ref _linesWritten);

    /// <summary>Lines lost because the disk failed for longer than the in-memory queue could hold.</summary>
    public long LinesDropped => Interlocked.Read(ref _linesDropped);

    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>Null while logging works; otherwise what went wrong, for the screen.</summary>
    public string? LastError => _lastError;

    /// <summary>Bytes of a torn last line cut off when the writer started.</summary>
    public long RepairedBytes { get; private set; }

    public void Start()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);

        // A card that failed before this start opens its log as before: the probe says so before the first frame.
        if (TryOpen())
        {
            TryProbe();
        }

        _worker = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Queues a second for the log. Never blocks; safe to call from the UI thread.</summary>
    public bool TryAppend(in SecondSample sample) => _channel.Writer.TryWrite(sample);

    /// <summary>Seconds handed over and not yet taken by the writer thread.</summary>
    public int QueuedCount => _channel.Reader.Count;

    /// <summary>RESET LOG: empties the file (and what is queued for it) and nothing else.</summary>
    public void RequestReset() => Interlocked.Exchange(ref _resetRequested, 1);

    /// <summary>Cuts a torn last line so every line in the file is whole. Returns the bytes removed.</summary>
    public static long RepairTornTail(FileStream stream)
    {
        long length = stream.Length;
        if (length == 0)
        {
            return 0;
        }

        Span<byte> chunk = stackalloc byte[4096];
        long pos = length;
        while (pos > 0)
        {
            int n = (int)Math.Min(chunk.Length, pos);
            pos -= n;
            stream.Position = pos;
            stream.ReadExactly(chunk[..n]);
            int nl = chunk[..n].LastIndexOf((byte)'\n');
            if (nl >= 0)
            {
                long keep = pos + nl + 1;
                if (keep != length)
                {
                    stream.SetLength(keep);
                    stream.Flush(flushToDisk: true);
                }

                stream.Position = keep;
                return length - keep;
            }
        }

        stream.SetLength(0);
        stream.Flush(flushToDisk: true);
        return length;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        if (_worker is not null)
        {
            await _worker.ConfigureAwait(false);
        }

        _stream?.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        Task<bool>? waitForData = null;
        long lastFlush = _time.GetTimestamp();
        bool completed = false;
        while (!completed)
        {
            waitForData ??= _channel.Reader.WaitToReadAsync().AsTask();
            TimeSpan untilFlush = FlushInterval - _time.GetElapsedTime(lastFlush);
            if (!waitForData.IsCompleted && (_buffered == 0 || untilFlush > TimeSpan.Zero))
            {
                TimeSpan wait = _buffered == 0 ? FlushInterval : untilFlush;
                await Task.WhenAny(waitForData, Task.Delay(wait, _time)).ConfigureAwait(false);
            }

            if (waitForData.IsCompleted)
            {
                completed = !await waitForData.ConfigureAwait(false);
                waitForData = null;
            }

            try
            {
                if (Interlocked.Exchange(ref _resetRequested, 0) == 1)
                {
                    Reset();
                }

                Drain();
                bool due = _time.GetElapsedTime(lastFlush) >= FlushInterval || _buffered > BufferBytes * 3 / 4 || completed;
                if (due && _buffered > 0 && WriteBuffered())
                {
                    lastFlush = _time.GetTimestamp();
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Whatever went wrong, logging must not stop silently: count it, say it, and keep the loop alive.
                Fail($"Log writer error: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private void Drain()
    {
        while (_buffered <= BufferBytes - PowerSafeLogLine.MaxBytes && _channel.Reader.TryRead(out SecondSample s))
        {
            DateTime local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddSeconds(s.UnixSeconds), _time.LocalTimeZone);
            _buffered += PowerSafeLogLine.Format(s, local, _buffer.AsSpan(_buffered));
        }
    }

    private bool WriteBuffered()
    {
        if (_stream is null && !TryOpen())
        {
            return false;
        }

        if ((_probeAt == 0 || _time.GetTimestamp() >= _probeAt) && !TryProbe())
        {
            return false;
        }

        long before = _stream!.Position;
        try
        {
            _stream.Write(_buffer, 0, _buffered);
            _stream.Flush(flushToDisk: true);
            Interlocked.Add(ref _linesWritten, CountLines(_buffer.AsSpan(0, _buffered)));
            _buffered = 0;
            _lastError = null;
            return true;
        }
        catch (IOException e)
        {
            // A partial write (ENOSPC halfway) would leave a torn line: cut back to the last whole one now.
            try
            {
                _stream.SetLength(before);
                _stream.Flush(flushToDisk: true);
            }
            catch (IOException)
            {
            }

            Fail($"Cannot write {PowerSafeLogLine.FileName}: {e.Message}");
            return false;
        }
    }

    private long _retryAt;
    private long _probeAt;

    /// <summary>Proves the disk takes a new file; on failure the log counts as failed.</summary>
    private bool TryProbe()
    {
        try
        {
            Probe();
            _probeAt = _time.GetTimestamp() + (long)(_probeInterval.TotalSeconds * _time.TimestampFrequency);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail($"Cannot write {PowerSafeLogLine.FileName}: {e.Message}");
            return false;
        }
    }

    private void Probe()
    {
        string path = Path.Combine(Path.GetDirectoryName(FilePath)!, ProbeFileName);
        using var probe = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
        probe.WriteByte((byte)'\n');
        probe.Flush(flushToDisk: true);
    }

    private bool TryOpen()
    {
        if (_retryAt != 0 && _time.GetTimestamp() < _retryAt)
        {
            return false;
        }

        try
        {
            _stream?.Dispose();
            _stream = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            RepairedBytes += RepairTornTail(_stream);
            _stream.Seek(0, SeekOrigin.End);
            _retryAt = 0;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail($"Cannot open {FilePath}: {e.Message}");
            return false;
        }
    }

    private void Fail(string message)
    {
        Interlocked.Increment(ref _writeFailures);
        _lastError = message;
        _stream?.Dispose();
        _stream = null; // reopen later: a partial write may have torn the last line, and reopening repairs it
        _probeAt = 0; // and prove the disk takes writes again before the next line counts as written
        _retryAt = _time.GetTimestamp() + (long)(_retryAfterFailure.TotalSeconds * _time.TimestampFrequency);
    }

    private void Reset()
    {
        _buffered = 0;
        while (_channel.Reader.TryRead(out _))
        {
        }

        try
        {
            if (_stream is null)
            {
                TryOpen();
            }

            if (_stream is not null)
            {
                _stream.SetLength(0);
                _stream.Flush(flushToDisk: true);
            }
            else if (File.Exists(FilePath))
            {
                File.WriteAllBytes(FilePath, []);
            }
        }
        catch (IOException e)
        {
            Fail($"Cannot reset {PowerSafeLogLine.FileName}: {e.Message}");
        }
    }

    private static int CountLines(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n');
}
