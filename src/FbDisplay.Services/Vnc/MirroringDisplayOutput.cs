using FbDisplay.Core.Display;

namespace FbDisplay.Services.Vnc;

/// <summary>
/// A display output that also keeps a copy of the screen for screen sharing. <see cref="Flush"/> forwards to the real
/// output, then copies the same dirty rectangles into a BGRA mirror and appends them to a bounded log of changes. The
/// UI thread only copies and marks: it holds the lock for a memcpy, allocates nothing and never waits on a client.
/// Clients catch up with <see cref="CatchUp"/> on their own threads.
/// </summary>
public sealed class MirroringDisplayOutput : IDisplayOutput
{
    /// <summary>Rectangles remembered; a client further behind than this gets a full frame.</summary>
    public const int DefaultLogCapacity = 512;

    private readonly IDisplayOutput _inner;
    private readonly Lock _gate = new();
    private readonly byte[] _mirror;
    private readonly PixelRect[] _logRects;
    private readonly long[] _logGenerations;
    private readonly int _stride;
    private long _logWritten;
    private long _generation;
    private long _lostThrough = -1;
    private IFrameListener[] _listeners = [];

    /// <summary>Wraps <paramref name="inner"/>; the mirror starts black, like a cleared framebuffer.</summary>
    public MirroringDisplayOutput(IDisplayOutput inner, int logCapacity = DefaultLogCapacity)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(logCapacity, 1);
        _inner = inner;
        _stride = inner.Width * 4;
        _mirror = new byte[_stride * inner.Height];
        _logRects = new PixelRect[logCapacity];
        _logGenerations = new long[logCapacity];
    }

    /// <inheritdoc/>
    public int Width => _inner.Width;

    /// <inheritdoc/>
    public int Height => _inner.Height;

    /// <inheritdoc/>
    public string Description => _inner.Description + " (mirrored)";

    /// <inheritdoc/>
    public long BytesFlushed => _inner.BytesFlushed;

    /// <summary>The output this one forwards to.</summary>
    public IDisplayOutput Inner => _inner;

    /// <summary>Frames flushed so far; a client that has seen generation N has every change up to N.</summary>
    public long Generation => Volatile.Read(ref _generation);

    /// <summary>Bytes copied into the mirror so far (the cost of sharing on the UI thread).</summary>
    public long BytesMirrored { get; private set; }

    /// <inheritdoc/>
    public void Flush(ReadOnlySpan<byte> bgraBackBuffer, int backBufferStrideBytes, ReadOnlySpan<PixelRect> dirty)
    {
        _inner.Flush(bgraBackBuffer, backBufferStrideBytes, dirty);
        long copied = 0;
        lock (_gate)
        {
            long generation = _generation + 1;
            foreach (PixelRect r in dirty)
            {
                int rowBytes = r.Width * 4;
                for (int y = r.Y; y < r.Bottom; y++)
                {
                    bgraBackBuffer.Slice((y * backBufferStrideBytes) + (r.X * 4), rowBytes)
                        .CopyTo(_mirror.AsSpan((y * _stride) + (r.X * 4), rowBytes));
                }

                copied += (long)rowBytes * r.Height;
                int slot = (int)(_logWritten % _logRects.Length);
                if (_logWritten >= _logRects.Length)
                {
                    _lostThrough = _logGenerations[slot];
                }

                _logRects[slot] = r;
                _logGenerations[slot] = generation;
                _logWritten++;
            }

            Volatile.Write(ref _generation, generation);
        }

        BytesMirrored += copied;
        IFrameListener[] listeners = Volatile.Read(ref _listeners);
        for (int i = 0; i < listeners.Length; i++)
        {
            listeners[i].OnFrame();
        }
    }

    /// <summary>
    /// Brings a client's private copy of the screen up to date: copies every rectangle changed after
    /// <paramref name="seenGeneration"/> into <paramref name="replica"/> (same size and layout as the mirror), adds
    /// them to <paramref name="changed"/> and advances <paramref name="seenGeneration"/>. A client that fell out of the
    /// log gets the whole screen. Runs on the client's thread; holds the lock only while copying.
    /// </summary>
    public void CatchUp(ref long seenGeneration, Span<byte> replica, DirtyAccumulator changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (replica.Length != _mirror.Length)
        {
            throw new ArgumentException("The replica must be as large as the screen.", nameof(replica));
        }

        lock (_gate)
        {
            if (seenGeneration == _generation)
            {
                return;
            }

            if (seenGeneration < _lostThrough || seenGeneration < 0)
            {
                _mirror.CopyTo(replica);
                changed.Add(new PixelRect(0, 0, Width, Height));
            }
            else
            {
                long first = Math.Max(0, _logWritten - _logRects.Length);
                for (long i = first; i < _logWritten; i++)
                {
                    int slot = (int)(i % _logRects.Length);
                    if (_logGenerations[slot] <= seenGeneration)
                    {
                        continue;
                    }

                    PixelRect r = _logRects[slot];
                    int rowBytes = r.Width * 4;
                    for (int y = r.Y; y < r.Bottom; y++)
                    {
                        int at = (y * _stride) + (r.X * 4);
                        _mirror.AsSpan(at, rowBytes).CopyTo(replica.Slice(at, rowBytes));
                    }

                    changed.Add(r);
                }
            }

            seenGeneration = _generation;
        }
    }

    /// <summary>Copies the whole mirror (tests and screenshots).</summary>
    public void CopyTo(Span<byte> destination)
    {
        lock (_gate)
        {
            _mirror.CopyTo(destination);
        }
    }

    /// <summary>Calls <paramref name="listener"/> on the UI thread after every flush; it must only signal.</summary>
    public void Subscribe(IFrameListener listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }
    }

    /// <summary>Stops calling <paramref name="listener"/>.</summary>
    public void Unsubscribe(IFrameListener listener)
    {
        lock (_gate)
        {
            _listeners = [.. _listeners.Where(l => !ReferenceEquals(l, listener))];
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _inner.Dispose();
}

/// <summary>Told that a frame was flushed. Called on the UI thread: must return at once.</summary>
public interface IFrameListener
{
    /// <summary>A new frame is in the mirror.</summary>
    void OnFrame();
}
