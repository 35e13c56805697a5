using System.Collections.Concurrent;
using System.Net;

namespace FbDisplay.Services.Vnc;

/// <summary>
/// Slows password guessing per source address: after a wrong password the address may not try again for a delay that
/// doubles with each failure (from <see cref="VncOptions.FailureBackoff"/> up to <see cref="VncOptions.MaxFailureBackoff"/>);
/// an attempt inside that window is refused without the password being checked, so parallel connections gain nothing.
/// A right password clears the address. Other addresses are never affected. Thread-safe.
/// </summary>
internal sealed class VncAuthGuard(TimeProvider time, TimeSpan backoff, TimeSpan maxBackoff)
{
    private const int MaxTracked = 1024;
    private readonly ConcurrentDictionary<IPAddress, Entry> _entries = new();

    /// <summary>How long <paramref name="address"/> must still wait before a password is checked; zero when it may try now.</summary>
    public TimeSpan RetryAfter(IPAddress? address)
    {
        if (address is null || backoff <= TimeSpan.Zero || !_entries.TryGetValue(address, out Entry? e))
        {
            return TimeSpan.Zero;
        }

        lock (e)
        {
            TimeSpan left = e.NextAllowed - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }
    }

    /// <summary>A wrong password from <paramref name="address"/>: returns the window before its next attempt.</summary>
    public TimeSpan Failed(IPAddress? address)
    {
        if (address is null || backoff <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        if (_entries.Count >= MaxTracked)
        {
            Forget();
        }

        Entry e = _entries.GetOrAdd(address, _ => new Entry());
        lock (e)
        {
            e.Failures = Math.Min(e.Failures + 1, 30);
            double seconds = Math.Min(backoff.TotalSeconds * Math.Pow(2, e.Failures - 1), maxBackoff.TotalSeconds);
            TimeSpan window = TimeSpan.FromSeconds(seconds);
            e.NextAllowed = time.GetUtcNow() + window;
            return window;
        }
    }

    /// <summary>The right password from <paramref name="address"/>: its failures are forgotten.</summary>
    public void Succeeded(IPAddress? address)
    {
        if (address is not null)
        {
            _entries.TryRemove(address, out _);
        }
    }

    /// <summary>Bounds the table: drops addresses whose window has passed long ago (a flood of sources cannot grow it).</summary>
    private void Forget()
    {
        DateTimeOffset now = time.GetUtcNow();
        foreach (KeyValuePair<IPAddress, Entry> kv in _entries)
        {
            if (now - kv.Value.NextAllowed > maxBackoff || _entries.Count >= MaxTracked)
            {
                _entries.TryRemove(kv.Key, out _);
            }
        }
    }

    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset NextAllowed;
    }
}
