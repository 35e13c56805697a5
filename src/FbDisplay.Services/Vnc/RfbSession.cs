using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using FbDisplay.Core.Display;

namespace FbDisplay.Services.Vnc;

/// <summary>Why a session ended early; the server counts each kind.</summary>
internal sealed class RfbProtocolException(string message, bool duringHandshake) : Exception(message)
{
    public bool DuringHandshake { get; } = duringHandshake;
}

/// <summary>
/// One client, over any byte stream (TCP or a WebSocket): handshake, then a reader that parses client messages and a
/// writer that sends an update whenever the client has asked and something in its area changed since it was last
/// sent. Updates coalesce: a slow client simply gets the union of the changes later. The client has its own copy of
/// the screen (caught up from the mirror under a short lock), so encoding and sending never hold up the UI thread.
/// </summary>
internal sealed class RfbSession : IFrameListener, IDisposable
{
    private const int MaxEncodings = 1024;
    private const int MaxCutText = 256 * 1024;
    private static readonly byte[] Version38 = "RFB 003.008\n"u8.ToArray();

    private readonly VncServer _server;
    private readonly Stream _stream;
    private readonly BufferedStream _in;
    private readonly MirroringDisplayOutput _mirror;
    private readonly VncCounters _counters;
    private readonly Channel<byte> _wake = Channel.CreateBounded<byte>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Lock _requestGate = new();
    private readonly byte[] _replica;
    private readonly DirtyAccumulator _pending = new();
    private readonly PixelRect[] _toSend = new PixelRect[33];
    private readonly UpdateBuffer _out = new();
    private readonly byte[] _scratch = new byte[64];
    private readonly int _stride;
    private long _seen = -1;
    private bool _requestPending;
    private bool _requestIncremental;
    private PixelRect _requestArea;
    private PixelTranslator _translator = new(RfbPixelFormat.Bgrx32);
    private bool _tightWanted;
    private TightEncoder? _tight;
    private long _lastActivity;
    private long _writeStarted;
    private int _minor;
    private long _challengeSent;

    public RfbSession(VncServer server, Stream stream, Action abort, string remote, System.Net.IPAddress? address = null)
    {
        Address = address;
        _server = server;
        _stream = stream;
        _in = new BufferedStream(stream, 4096);
        _mirror = server.Mirror;
        _counters = server.Counters;
        Abort = abort;
        Remote = remote;
        _stride = _mirror.Width * 4;
        _replica = new byte[_stride * _mirror.Height];
        Started = server.Time.GetTimestamp();
        _lastActivity = Started;
    }

    public string Remote { get; }

    /// <summary>The client's address (for per-address limits and the password back-off), null when unknown.</summary>
    public System.Net.IPAddress? Address { get; }

    /// <summary>True once the client authenticated and took a viewer slot.</summary>
    public bool HoldsSlot { get; set; }

    /// <summary>When the password challenge went out (the client may be asking its user), 0 before.</summary>
    public long ChallengeSent => Interlocked.Read(ref _challengeSent);

    /// <summary>Closes the transport; pending reads and writes fail and the session ends.</summary>
    public Action Abort { get; }

    public long Started { get; }

    public bool Handshaking { get; private set; } = true;

    public long LastActivity => Interlocked.Read(ref _lastActivity);

    /// <summary>When the write in progress began, 0 when none is.</summary>
    public long WriteStarted => Interlocked.Read(ref _writeStarted);

    public bool WaitingForUs
    {
        get
        {
            lock (_requestGate)
            {
                return _requestPending;
            }
        }
    }

    /// <summary>Whether the last pointer event had button 1 down, and where.</summary>
    internal bool PointerDown { get; set; }

    internal int PointerX { get; set; }

    internal int PointerY { get; set; }

    public void OnFrame() => _wake.Writer.TryWrite(0);

    public async Task RunAsync(CancellationToken ct)
    {
        await HandshakeAsync(ct).ConfigureAwait(false);
        Handshaking = false;
        Touch();
        _mirror.Subscribe(this);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task writer = WriteLoopAsync(stop.Token);
        try
        {
            Task reader = ReadLoopAsync(stop.Token);
            Task first = await Task.WhenAny(reader, writer).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            await first.ConfigureAwait(false); // the first to end says why
        }
        finally
        {
            _mirror.Unsubscribe(this);
            await stop.CancelAsync().ConfigureAwait(false);
            Abort();
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
            {
                // The writer ends because we ended it.
            }
        }
    }

    public void Dispose()
    {
        _tight?.Dispose();
        _in.Dispose();
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _server.Time.GetTimestamp());

    private async Task HandshakeAsync(CancellationToken ct)
    {
        await WriteRawAsync(Version38, ct).ConfigureAwait(false);
        byte[] b = _scratch;
        await ReadAsync(b.AsMemory(0, 12), ct).ConfigureAwait(false);
        if (!TryParseVersion(b.AsSpan(0, 12), out _minor))
        {
            throw new RfbProtocolException("not an RFB client (bad version string)", duringHandshake: true);
        }

        bool password = _server.Options.Password.Length > 0;
        byte type = password ? (byte)2 : (byte)1;
        if (_minor >= 7)
        {
            await WriteRawAsync(new byte[] { 1, type }, ct).ConfigureAwait(false);
            await ReadAsync(b.AsMemory(0, 1), ct).ConfigureAwait(false);
            if (b[0] != type)
            {
                throw new RfbProtocolException($"client chose security type {b[0]}, offered {type}", duringHandshake: true);
            }
        }
        else
        {
            var t = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(t, type);
            await WriteRawAsync(t, ct).ConfigureAwait(false);
        }

        if (password)
        {
            byte[] challenge = RandomNumberGenerator.GetBytes(VncAuth.ChallengeLength);
            await WriteRawAsync(challenge, ct).ConfigureAwait(false);
            Interlocked.Exchange(ref _challengeSent, _server.Time.GetTimestamp());
            await ReadAsync(b.AsMemory(0, VncAuth.ChallengeLength), ct).ConfigureAwait(false);

            // Inside its back-off window an address's answer is not even checked: parallel guessing gains nothing.
            TimeSpan wait = _server.Guard.RetryAfter(Address);
            if (wait > TimeSpan.Zero)
            {
                Interlocked.Increment(ref _counters.AuthLockedField);
                await WriteSecurityResultAsync(false, $"Too many wrong passwords: try again in {Math.Ceiling(wait.TotalSeconds):0} s", ct).ConfigureAwait(false);
                throw new RfbProtocolException("wrong password", duringHandshake: false);
            }

            if (!VncAuth.Verify(_server.Options.Password, challenge, b.AsSpan(0, VncAuth.ChallengeLength)))
            {
                Interlocked.Increment(ref _counters.AuthFailuresField);
                _server.Guard.Failed(Address);
                if (_server.Options.AuthFailureDelay > TimeSpan.Zero)
                {
                    await Task.Delay(_server.Options.AuthFailureDelay, _server.Time, ct).ConfigureAwait(false);
                }

                await WriteSecurityResultAsync(false, "Wrong password", ct).ConfigureAwait(false);
                throw new RfbProtocolException("wrong password", duringHandshake: false);
            }

            _server.Guard.Succeeded(Address);
        }

        // Only an authenticated client takes a viewer slot, so silent or guessing connections lock nobody out.
        if (!_server.TryTakeSlot(this))
        {
            if (password || _minor >= 8)
            {
                await WriteSecurityResultAsync(false, "Too many viewers are connected", ct).ConfigureAwait(false);
            }

            throw new RfbProtocolException("max clients", duringHandshake: false);
        }

        if (password || _minor >= 8)
        {
            await WriteSecurityResultAsync(true, null, ct).ConfigureAwait(false);
        }

        await ReadAsync(b.AsMemory(0, 1), ct).ConfigureAwait(false); // ClientInit: shared or not, we always share.
        byte[] name = Encoding.UTF8.GetBytes(_server.Options.DesktopName);
        var init = new byte[24 + name.Length];
        BinaryPrimitives.WriteUInt16BigEndian(init, (ushort)_mirror.Width);
        BinaryPrimitives.WriteUInt16BigEndian(init.AsSpan(2), (ushort)_mirror.Height);
        RfbPixelFormat.Bgrx32.Write(init.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(init.AsSpan(20), (uint)name.Length);
        name.CopyTo(init.AsSpan(24));
        await WriteRawAsync(init, ct).ConfigureAwait(false);
    }

    private async Task WriteSecurityResultAsync(bool ok, string? reason, CancellationToken ct)
    {
        byte[] why = !ok && _minor >= 8 && reason is not null ? Encoding.UTF8.GetBytes(reason) : [];
        var r = new byte[4 + (why.Length > 0 ? 4 + why.Length : 0)];
        BinaryPrimitives.WriteUInt32BigEndian(r, ok ? 0u : 1u);
        if (why.Length > 0)
        {
            BinaryPrimitives.WriteUInt32BigEndian(r.AsSpan(4), (uint)why.Length);
            why.CopyTo(r.AsSpan(8));
        }

        await WriteRawAsync(r, ct).ConfigureAwait(false);
    }

    /// <summary>"RFB 003.00x\n"; 3.3, 3.7, 3.8 and anything later (treated as 3.8; RFC 6143 §7.1.1).</summary>
    internal static bool TryParseVersion(ReadOnlySpan<byte> v, out int minor)
    {
        minor = 0;
        if (v.Length != 12 || !v.StartsWith("RFB "u8) || v[7] != '.' || v[11] != '\n')
        {
            return false;
        }

        for (int i = 4; i < 11; i++)
        {
            if (i != 7 && !char.IsAsciiDigit((char)v[i]))
            {
                return false;
            }
        }

        int major = ((v[4] - '0') * 100) + ((v[5] - '0') * 10) + (v[6] - '0');
        int min = ((v[8] - '0') * 100) + ((v[9] - '0') * 10) + (v[10] - '0');
        if (major != 3 || min < 3)
        {
            return false;
        }

        minor = min >= 8 ? 8 : min >= 7 ? 7 : 3;
        return true;
    }

    private async Task ReadLoopAsync(CancellationToken ct)
    {
        byte[] b = _scratch;
        while (true)
        {
            await ReadAsync(b.AsMemory(0, 1), ct).ConfigureAwait(false);
            switch (b[0])
            {
                case 0: // SetPixelFormat
                    await ReadAsync(b.AsMemory(0, 19), ct).ConfigureAwait(false);
                    SetPixelFormat(RfbPixelFormat.Read(b.AsSpan(3, RfbPixelFormat.Size)));
                    break;
                case 2: // SetEncodings
                    await ReadAsync(b.AsMemory(0, 3), ct).ConfigureAwait(false);
                    int n = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(1));
                    if (n > MaxEncodings)
                    {
                        throw new RfbProtocolException($"SetEncodings with {n} encodings", duringHandshake: false);
                    }

                    var list = new byte[n * 4];
                    await ReadAsync(list, ct).ConfigureAwait(false);
                    SetEncodings(list);
                    break;
                case 3: // FramebufferUpdateRequest
                    await ReadAsync(b.AsMemory(0, 9), ct).ConfigureAwait(false);
                    RequestUpdate(b[0] != 0, new PixelRect(
                        BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(1)), BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(3)),
                        BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(5)), BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(7))));
                    break;
                case 4: // KeyEvent: the display has no keyboard.
                    await ReadAsync(b.AsMemory(0, 7), ct).ConfigureAwait(false);
                    break;
                case 5: // PointerEvent
                    await ReadAsync(b.AsMemory(0, 5), ct).ConfigureAwait(false);
                    _server.OnPointer(this, b[0], BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(1)), BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(3)));
                    break;
                case 6: // ClientCutText: read and dropped.
                    await ReadAsync(b.AsMemory(0, 7), ct).ConfigureAwait(false);
                    uint length = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(3));
                    if (length > MaxCutText)
                    {
                        throw new RfbProtocolException($"ClientCutText of {length} bytes", duringHandshake: false);
                    }

                    for (uint left = length; left > 0;)
                    {
                        int chunk = (int)Math.Min(left, (uint)b.Length);
                        await ReadAsync(b.AsMemory(0, chunk), ct).ConfigureAwait(false);
                        left -= (uint)chunk;
                    }

                    break;
                default:
                    throw new RfbProtocolException($"unknown client message type {b[0]}", duringHandshake: false);
            }

            Touch();
        }
    }

    private void SetPixelFormat(RfbPixelFormat f)
    {
        if (f.Problem() is { } problem)
        {
            throw new RfbProtocolException($"SetPixelFormat: {problem}", duringHandshake: false);
        }

        var translator = new PixelTranslator(f);
        lock (_requestGate)
        {
            _translator = translator;
        }
    }

    private void SetEncodings(ReadOnlySpan<byte> list)
    {
        bool tight = false;
        for (int i = 0; i < list.Length; i += 4)
        {
            int e = BinaryPrimitives.ReadInt32BigEndian(list[i..]);
            if (e == RfbEncoding.Raw)
            {
                break; // the client prefers Raw to anything after it
            }

            if (e == RfbEncoding.Tight)
            {
                tight = true;
                break;
            }
        }

        lock (_requestGate)
        {
            _tightWanted = tight;
        }
    }

    private void RequestUpdate(bool incremental, PixelRect area)
    {
        area = area.Intersect(new PixelRect(0, 0, _mirror.Width, _mirror.Height));
        lock (_requestGate)
        {
            // A full request wins over an incremental one still waiting; areas add up.
            _requestIncremental = _requestPending ? _requestIncremental && incremental : incremental;
            _requestArea = _requestPending ? _requestArea.Union(area) : area;
            _requestPending = true;
        }

        _wake.Writer.TryWrite(0);
    }

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        while (true)
        {
            await _wake.Reader.ReadAsync(ct).ConfigureAwait(false);
            if (!TryBuildUpdate())
            {
                continue;
            }

            Interlocked.Exchange(ref _writeStarted, _server.Time.GetTimestamp());
            await _stream.WriteAsync(_out.Written, ct).ConfigureAwait(false);
            await _stream.FlushAsync(ct).ConfigureAwait(false);
            Interlocked.Exchange(ref _writeStarted, 0);
            Interlocked.Add(ref _counters.BytesSentField, _out.Length);
            Interlocked.Increment(ref _counters.UpdatesField);
        }
    }

    /// <summary>Catches up with the mirror and encodes what the pending request covers; false when there is nothing to send yet.</summary>
    private bool TryBuildUpdate()
    {
        bool incremental;
        PixelRect area;
        PixelTranslator translator;
        bool tight;
        lock (_requestGate)
        {
            if (!_requestPending)
            {
                return false;
            }

            incremental = _requestIncremental;
            area = _requestArea;
            translator = _translator;
            tight = _tightWanted;
        }

        long started = Stopwatch.GetTimestamp();
        _mirror.CatchUp(ref _seen, _replica, _pending);
        int count = 0;
        if (!incremental)
        {
            if (!area.IsEmpty)
            {
                _toSend[count++] = area;
            }
        }
        else
        {
            foreach (PixelRect p in _pending.Rects)
            {
                PixelRect i = p.Intersect(area);
                if (!i.IsEmpty)
                {
                    _toSend[count++] = i;
                }
            }
        }

        if (count == 0 && incremental)
        {
            return false; // nothing new: the request waits for the next frame
        }

        _pending.RemoveInside(area);
        lock (_requestGate)
        {
            _requestPending = false;
        }

        _out.Clear();
        _out.Put(0); // FramebufferUpdate
        _out.Put(0);
        int countAt = _out.Length;
        _out.Take(2);
        int rects = 0;
        for (int i = 0; i < count; i++)
        {
            if (tight)
            {
                _tight ??= new TightEncoder();
                rects += _tight.Encode(_replica, _stride, _toSend[i], translator, _out);
            }
            else
            {
                rects += RawEncoder.Encode(_replica, _stride, _toSend[i], translator, _out);
            }
        }

        _out.PatchUInt16(countAt, (ushort)rects);
        Interlocked.Add(ref _counters.RectanglesField, rects);
        Interlocked.Add(ref _counters.EncodeTicksField, Stopwatch.GetTimestamp() - started);
        return true;
    }

    private async Task ReadAsync(Memory<byte> buffer, CancellationToken ct) =>
        await _in.ReadExactlyAsync(buffer, ct).ConfigureAwait(false);

    private async Task WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        await _stream.WriteAsync(bytes, ct).ConfigureAwait(false);
        await _stream.FlushAsync(ct).ConfigureAwait(false);
        Interlocked.Add(ref _counters.BytesSentField, bytes.Length);
    }
}
