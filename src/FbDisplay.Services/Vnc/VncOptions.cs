using FbDisplay.Settings;

namespace FbDisplay.Services.Vnc;

/// <summary>How the screen-sharing server runs (settings keys Vnc:*).</summary>
public sealed record VncOptions
{
    /// <summary>TCP port for VNC viewers; 0 = no TCP listener (the browser view may still run).</summary>
    public int Port { get; init; } = 5900;

    /// <summary>VNC password; only its first 8 characters count (the protocol's limit).</summary>
    public string Password { get; init; } = "";

    /// <summary>Allow security type None when no password is set. Anyone on the network can then see and touch.</summary>
    public bool AllowNoPassword { get; init; }

    /// <summary>Ignore pointer events: viewers can look but not touch.</summary>
    public bool ViewOnly { get; init; }

    public int MaxClients { get; init; } = 4;

    /// <summary>A client that sends nothing for this long while not waiting for an update is closed.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The address to listen on; null = every address (IPv4 and IPv6).</summary>
    public System.Net.IPAddress? Bind { get; init; }

    /// <summary>Before authentication: the version and security exchange must be done within this (machine steps only).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Once the challenge is sent: the viewer may be asking its user for the password, so it has this long.</summary>
    public TimeSpan PasswordTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections still authenticating from one address at once; more are closed at once.</summary>
    public int MaxPendingPerAddress { get; init; } = 4;

    /// <summary>Connections still authenticating from all addresses at once.</summary>
    public int MaxPending { get; init; } = 32;

    /// <summary>After a wrong password an address waits this long before its next attempt is checked, doubling per failure.</summary>
    public TimeSpan FailureBackoff { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait <see cref="FailureBackoff"/> grows to.</summary>
    public TimeSpan MaxFailureBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A client that does not take an update within this is too slow (or never reads) and is closed.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Pause before answering a wrong password, so guessing is slow.</summary>
    public TimeSpan AuthFailureDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The name viewers show in their title bar.</summary>
    public string DesktopName { get; init; } = "FbDisplay";

    /// <summary>Screen sharing runs when a password is set or sharing without one is explicitly allowed.</summary>
    public bool IsEnabled => Password.Length > 0 || AllowNoPassword;

    /// <summary>The Vnc settings of the catalogue.</summary>
    public static VncOptions Read(SettingsReader settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new VncOptions
        {
            Port = settings.Get(Catalog.Vnc.Port),
            Password = settings.Get(Catalog.Vnc.Password),
            AllowNoPassword = settings.Get(Catalog.Vnc.AllowNoPassword),
            ViewOnly = settings.Get(Catalog.Vnc.ViewOnly),
            MaxClients = settings.Get(Catalog.Vnc.MaxClients),
            IdleTimeout = TimeSpan.FromSeconds(settings.Get(Catalog.Vnc.IdleTimeoutSeconds)),
            Bind = System.Net.IPAddress.TryParse(settings.Get(Catalog.Vnc.Bind), out System.Net.IPAddress? bind) ? bind : null,
        };
    }

    /// <summary>Null when the server may start, else why it must not.</summary>
    public string? Problem()
    {
        if (Password.Length == 0 && !AllowNoPassword)
        {
            return $"no {Catalog.Vnc.Password.Key} is set (set one, or {Catalog.Vnc.AllowNoPassword.Key}=true to share without one)";
        }

        if (Password.Length > 0 && !VncAuth.IsUsablePassword(Password, out string? why))
        {
            return why;
        }

        return MaxClients < 1 ? $"{Catalog.Vnc.MaxClients.Key} must be at least 1" : null;
    }
}

/// <summary>What the server has seen, for /metrics. Updated with Interlocked from client threads.</summary>
public sealed class VncCounters
{
    internal long ConnectionsField;
    internal long RejectedField;
    internal long HandshakeFailuresField;
    internal long AuthFailuresField;
    internal long AuthLockedField;
    internal long PendingRefusedField;
    internal int PendingField;
    internal long ProtocolErrorsField;
    internal long IdleTimeoutsField;
    internal long SlowClientsField;
    internal long UpdatesField;
    internal long RectanglesField;
    internal long BytesSentField;
    internal long EncodeTicksField;
    internal long PointerEventsField;
    internal int ActiveField;

    /// <summary>Connections accepted (TCP and WebSocket).</summary>
    public long Connections => Interlocked.Read(ref ConnectionsField);

    /// <summary>Connections closed at once because MaxClients were connected.</summary>
    public long Rejected => Interlocked.Read(ref RejectedField);

    /// <summary>Bad version strings, garbage, unknown security types, time-outs before the handshake finished.</summary>
    public long HandshakeFailures => Interlocked.Read(ref HandshakeFailuresField);

    public long AuthFailures => Interlocked.Read(ref AuthFailuresField);

    /// <summary>Password attempts refused unchecked because their address was still waiting after a failure.</summary>
    public long AuthLocked => Interlocked.Read(ref AuthLockedField);

    /// <summary>Connections closed at once because their address (or everyone) had too many still authenticating.</summary>
    public long PendingRefused => Interlocked.Read(ref PendingRefusedField);

    /// <summary>Connections still authenticating now (they hold no viewer slot).</summary>
    public int Pending => Volatile.Read(ref PendingField);

    /// <summary>Unknown or malformed client messages after the handshake.</summary>
    public long ProtocolErrors => Interlocked.Read(ref ProtocolErrorsField);

    public long IdleTimeouts => Interlocked.Read(ref IdleTimeoutsField);

    /// <summary>Clients closed because they did not take an update within the write time-out.</summary>
    public long SlowClients => Interlocked.Read(ref SlowClientsField);

    public long Updates => Interlocked.Read(ref UpdatesField);

    public long Rectangles => Interlocked.Read(ref RectanglesField);

    public long BytesSent => Interlocked.Read(ref BytesSentField);

    /// <summary>Time spent catching up and encoding, all clients together.</summary>
    public TimeSpan EncodeTime => System.Diagnostics.Stopwatch.GetElapsedTime(0, Interlocked.Read(ref EncodeTicksField));

    public long PointerEvents => Interlocked.Read(ref PointerEventsField);

    /// <summary>Clients connected now.</summary>
    public int Active => Volatile.Read(ref ActiveField);
}
