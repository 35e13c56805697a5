using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Threading.Channels;
using FbDisplay.Core.Input;
using Microsoft.Extensions.Logging;

namespace FbDisplay.Services.Vnc;

/// <summary>
/// The built-in RFB (VNC) server: a TCP listener for VNC viewers and <see cref="RunWebSocketAsync"/> for the browser
/// view, both running the same <see cref="RfbSession"/>. Each client runs on the thread pool; the UI thread's only part
/// is the mirror's copy and a signal. Pointer button 1 becomes touches (one client at a time holds the "finger").
/// </summary>
public sealed class VncServer : IAsyncDisposable
{
    private readonly ChannelWriter<TouchEvent>? _touches;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<RfbSession, Task> _sessions = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _pointerGate = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private ITimer? _sweeper;
    private RfbSession? _pointerOwner;
    private readonly Dictionary<IPAddress, int> _pendingByAddress = [];

    public VncServer(VncOptions options, MirroringDisplayOutput mirror, ChannelWriter<TouchEvent>? touches, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(mirror);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException($"Screen sharing cannot start: {problem}.", nameof(options));
        }

        Options = options;
        Mirror = mirror;
        _touches = options.ViewOnly ? null : touches;
        Time = time;
        _log = log;
        Guard = new VncAuthGuard(time, options.FailureBackoff, options.MaxFailureBackoff);
    }

    internal VncAuthGuard Guard { get; }

    public VncOptions Options { get; }

    public MirroringDisplayOutput Mirror { get; }

    public TimeProvider Time { get; }

    public VncCounters Counters { get; } = new();

    /// <summary>The TCP port actually bound (after port 0 is resolved), 0 when not listening.</summary>
    public int Port { get; private set; }

    /// <summary>Starts the time-out sweeper and, when <see cref="VncOptions.Port"/> is set, the TCP listener.</summary>
    public void Start(int? portOverride = null)
    {
        _sweeper = Time.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        int port = portOverride ?? Options.Port;
        if (port <= 0 && portOverride is null)
        {
            return;
        }

        try
        {
            _listener = Options.Bind is { } bind ? new TcpListener(bind, port) : TcpListener.Create(port);
            _listener.Start(backlog: 16);
        }
        catch (SocketException e)
        {
            throw new IOException($"VNC cannot listen on TCP port {port}: {e.Message}", e);
        }

        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync(_listener, _stop.Token);
    }

    /// <summary>Runs one browser client over an accepted WebSocket until it ends (the /websockify endpoint).</summary>
    public async Task RunWebSocketAsync(WebSocket socket, string remote, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(socket);
        using Stream stream = WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        await RunSessionAsync(stream, socket.Abort, "ws " + remote, linked.Token, IPAddress.TryParse(remote, out IPAddress? a) ? a : null).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one client over any stream until it ends. Never throws for client misbehaviour: it is counted and logged.
    /// A viewer slot (<see cref="VncOptions.MaxClients"/>) is taken only once the client has authenticated; until then
    /// it counts against <see cref="VncOptions.MaxPendingPerAddress"/> and <see cref="VncOptions.MaxPending"/>.
    /// </summary>
    public async Task RunSessionAsync(Stream stream, Action abort, string remote, CancellationToken ct, IPAddress? address = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(abort);
        Interlocked.Increment(ref Counters.ConnectionsField);
        address = address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
        if (!TryAddPending(address))
        {
            Interlocked.Increment(ref Counters.PendingRefusedField);
            _log.LogInformation("VNC: refused {Remote}: too many connections still authenticating", remote);
            abort();
            return;
        }

        using var session = new RfbSession(this, stream, abort, remote, address);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _sessions[session] = done.Task;
        try
        {
            await session.RunAsync(ct).ConfigureAwait(false);
        }
        catch (RfbProtocolException e)
        {
            if (e.DuringHandshake)
            {
                Interlocked.Increment(ref Counters.HandshakeFailuresField);
            }
            else if (e.Message is not ("wrong password" or "max clients"))
            {
                Interlocked.Increment(ref Counters.ProtocolErrorsField);
            }

            _log.LogInformation("VNC: closed {Remote}: {Reason}", remote, e.Message);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or WebSocketException or SocketException)
        {
            if (session.Handshaking && !_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref Counters.HandshakeFailuresField);
            }

            _log.LogDebug("VNC: {Remote} went away: {Reason}", remote, e.Message);
        }
        finally
        {
            ReleasePointer(session);
            abort();
            _sessions.TryRemove(session, out _);
            if (session.HoldsSlot)
            {
                Interlocked.Decrement(ref Counters.ActiveField);
            }
            else
            {
                ReleasePending(address);
            }

            done.TrySetResult();
        }
    }

    /// <summary>Called by a session once its client has authenticated: moves it from pending to a viewer slot, if one is free.</summary>
    internal bool TryTakeSlot(RfbSession session)
    {
        if (Interlocked.Increment(ref Counters.ActiveField) > Options.MaxClients)
        {
            Interlocked.Decrement(ref Counters.ActiveField);
            Interlocked.Increment(ref Counters.RejectedField);
            _log.LogWarning("VNC: refused {Remote}: {Max} clients already connected", session.Remote, Options.MaxClients);
            return false;
        }

        ReleasePending(session.Address);
        session.HoldsSlot = true;
        return true;
    }

    private bool TryAddPending(IPAddress? address)
    {
        lock (_pendingByAddress)
        {
            if (Counters.PendingField >= Options.MaxPending)
            {
                return false;
            }

            if (address is not null)
            {
                int n = _pendingByAddress.GetValueOrDefault(address);
                if (n >= Options.MaxPendingPerAddress)
                {
                    return false;
                }

                _pendingByAddress[address] = n + 1;
            }

            Counters.PendingField++;
            return true;
        }
    }

    private void ReleasePending(IPAddress? address)
    {
        lock (_pendingByAddress)
        {
            Counters.PendingField--;
            if (address is not null && _pendingByAddress.TryGetValue(address, out int n))
            {
                if (n <= 1)
                {
                    _pendingByAddress.Remove(address);
                }
                else
                {
                    _pendingByAddress[address] = n - 1;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        if (_sweeper is not null)
        {
            await _sweeper.DisposeAsync().ConfigureAwait(false);
        }

        foreach (RfbSession s in _sessions.Keys)
        {
            s.Abort();
        }

        Task[] running = [.. _sessions.Values, _acceptLoop ?? Task.CompletedTask];
        try
        {
            await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5), Time).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or SocketException or ObjectDisposedException)
        {
            _log.LogDebug("VNC: stop: {Reason}", e.Message);
        }

        _stop.Dispose();
    }

    internal void OnPointer(RfbSession session, byte buttons, int x, int y)
    {
        Interlocked.Increment(ref Counters.PointerEventsField);
        x = Math.Clamp(x, 0, Mirror.Width - 1);
        y = Math.Clamp(y, 0, Mirror.Height - 1);
        bool down = (buttons & 1) != 0;
        if (_touches is null)
        {
            return;
        }

        lock (_pointerGate)
        {
            if (_pointerOwner is not null && !ReferenceEquals(_pointerOwner, session))
            {
                return; // someone else's finger is on the screen
            }

            long now = Time.GetTimestamp();
            if (down && !session.PointerDown)
            {
                _pointerOwner = session;
                _touches.TryWrite(new TouchEvent(TouchAction.Down, x, y, now));
            }
            else if (down && (x != session.PointerX || y != session.PointerY))
            {
                _touches.TryWrite(new TouchEvent(TouchAction.Move, x, y, now));
            }
            else if (!down && session.PointerDown)
            {
                _touches.TryWrite(new TouchEvent(TouchAction.Up, x, y, now));
                _pointerOwner = null;
            }

            session.PointerDown = down;
            session.PointerX = x;
            session.PointerY = y;
        }
    }

    private void ReleasePointer(RfbSession session)
    {
        lock (_pointerGate)
        {
            if (ReferenceEquals(_pointerOwner, session))
            {
                _touches?.TryWrite(new TouchEvent(TouchAction.Up, session.PointerX, session.PointerY, Time.GetTimestamp()));
                _pointerOwner = null;
            }
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.LogWarning("VNC: accept failed: {Error}", e.Message);
                continue;
            }

            socket.NoDelay = true;
            string remote = socket.RemoteEndPoint?.ToString() ?? "?";
            IPAddress? address = (socket.RemoteEndPoint as IPEndPoint)?.Address;
            _ = Task.Run(async () =>
            {
                using var stream = new NetworkStream(socket, ownsSocket: true);
                await RunSessionAsync(stream, () => socket.Dispose(), remote, ct, address).ConfigureAwait(false);
            }, CancellationToken.None);
        }
    }

    /// <summary>Once a second: closes handshakes that take too long, idle clients and clients that stopped reading.</summary>
    private void Sweep()
    {
        long now = Time.GetTimestamp();
        foreach (RfbSession s in _sessions.Keys)
        {
            if (s.Handshaking)
            {
                long since = s.ChallengeSent != 0 ? s.ChallengeSent : s.Started;
                if (Time.GetElapsedTime(since, now) > (s.ChallengeSent != 0 ? Options.PasswordTimeout : Options.HandshakeTimeout))
                {
                    _log.LogInformation("VNC: {Remote} did not finish the handshake in time", s.Remote);
                    s.Abort();
                }

                continue;
            }

            long writing = s.WriteStarted;
            if (writing != 0 && Time.GetElapsedTime(writing, now) > Options.WriteTimeout)
            {
                Interlocked.Increment(ref Counters.SlowClientsField);
                _log.LogInformation("VNC: {Remote} does not read its updates; closing", s.Remote);
                s.Abort();
            }
            else if (writing == 0 && !s.WaitingForUs && Time.GetElapsedTime(s.LastActivity, now) > Options.IdleTimeout)
            {
                Interlocked.Increment(ref Counters.IdleTimeoutsField);
                _log.LogInformation("VNC: {Remote} idle; closing", s.Remote);
                s.Abort();
            }
        }
    }
}
