using System.Net.Sockets;
using System.Text;

namespace FbDisplay.Linux.Systemd;

/// <summary>
/// sd_notify over $NOTIFY_SOCKET: READY=1 once started, WATCHDOG=1 from the UI thread at half the watchdog interval,
/// STOPPING=1 on the way out. Does nothing when not run under systemd. The socket is connected once, so a ping is a
/// single non-blocking datagram with no allocation.
/// </summary>
public sealed class SystemdNotifier : IDisposable
{
    private static readonly byte[] Ready = Encoding.ASCII.GetBytes("READY=1");
    private static readonly byte[] Watchdog = Encoding.ASCII.GetBytes("WATCHDOG=1");
    private static readonly byte[] Stopping = Encoding.ASCII.GetBytes("STOPPING=1");

    private readonly Socket? _socket;
    private readonly TimeProvider _time;
    private long _lastPing;

    public SystemdNotifier(TimeProvider time, string? notifySocket = null, string? watchdogUsec = null)
    {
        _time = time;
        notifySocket ??= Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        watchdogUsec ??= Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        if (long.TryParse(watchdogUsec, System.Globalization.CultureInfo.InvariantCulture, out long usec) && usec > 0)
        {
            WatchdogInterval = TimeSpan.FromTicks(usec * 10 / 2); // ping at half the deadline, as sd_watchdog_enabled(3) advises
        }

        if (string.IsNullOrEmpty(notifySocket))
        {
            return;
        }

        // An abstract socket is written with a leading '@' in the variable and a leading NUL on the wire.
        string path = notifySocket[0] == '@' ? "\0" + notifySocket[1..] : notifySocket;
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
            _socket = socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            Problem = $"NOTIFY_SOCKET {notifySocket}: {e.Message} (errno {e.NativeErrorCode})";
        }
    }

    /// <summary>True when systemd asked to be told (NOTIFY_SOCKET is set and reachable).</summary>
    public bool IsEnabled => _socket is not null;

    /// <summary>How often <see cref="Ping"/> actually sends; zero when no watchdog is configured.</summary>
    public TimeSpan WatchdogInterval { get; }

    /// <summary>Why notifications are off although NOTIFY_SOCKET was set, or null.</summary>
    public string? Problem { get; }

    public void NotifyReady() => Send(Ready);

    public void NotifyStopping() => Send(Stopping);

    /// <summary>Called every tick; sends WATCHDOG=1 at most once per half interval. A stuck UI thread stops pinging.</summary>
    public void Ping()
    {
        if (_socket is null || WatchdogInterval == TimeSpan.Zero)
        {
            return;
        }

        long now = _time.GetTimestamp();
        if (_lastPing != 0 && _time.GetElapsedTime(_lastPing, now) < WatchdogInterval)
        {
            return;
        }

        _lastPing = now;
        Send(Watchdog);
    }

    public void Dispose() => _socket?.Dispose();

    private void Send(byte[] message)
    {
        try
        {
            _socket?.Send(message, SocketFlags.None);
        }
        catch (SocketException)
        {
            // systemd went away or its queue is full: the next ping tries again.
        }
    }
}
