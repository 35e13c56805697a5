using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FbDisplay.Simulator;

/// <summary>
/// The controller's settings listener as the display expects it (docs/controller-link.md): one <c>KEY=VALUE</c>
/// line per setting, answered <c>OK</c> or <c>ERR reason</c>. The cutoffs it accepts change the simulated battery,
/// so they come back in the next 0x652 frames.
/// </summary>
public sealed class ControllerServer : IDisposable
{
    private const int MaxLineBytes = 256;
    private readonly BatterySimulator _battery;
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<string>? _log;
    private Task? _acceptLoop;
    private long _accepted;
    private long _refused;

    public ControllerServer(BatterySimulator battery, int port, IPAddress? bindAddress = null, Action<string>? log = null)
    {
        _battery = battery;
        _log = log;
        _listener = new TcpListener(bindAddress ?? IPAddress.Any, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
    }

    /// <summary>The bound port (useful when started on port 0).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every value accepted so far, by wire key (the cutoffs are also applied to the battery).</summary>
    public ConcurrentDictionary<string, double> Values { get; } = new(StringComparer.Ordinal);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    public void Start()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _acceptLoop?.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>Applies one line and returns the reply (without the newline). Public for tests of the rules.</summary>
    public string Apply(string line)
    {
        int eq = line.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return Refuse("expected KEY=VALUE");
        }

        string key = line[..eq].Trim();
        if (!double.TryParse(line.AsSpan(eq + 1).Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
        {
            return Refuse($"{key}: not a number");
        }

        // Float writes are atomic; the frame loop reads the cutoffs once per burst, so no lock is needed.
        switch (key)
        {
            case "HCUT":
                if (v is < 3.0 or > 4.5 || v <= _battery.LowCutoffVolts)
                {
                    return Refuse("HCUT must be 3.0-4.5 V and above LCUT");
                }

                _battery.HighCutoffVolts = (float)v;
                break;
            case "LCUT":
                if (v is < 2.0 or > 3.9 || v >= _battery.HighCutoffVolts)
                {
                    return Refuse("LCUT must be 2.0-3.9 V and below HCUT");
                }

                _battery.LowCutoffVolts = (float)v;
                break;
            case "BALV" or "BALHYST" or "OVERTEMP" or "UNDERTEMP" or "CAPACITY":
                break;
            default:
                return Refuse($"unknown key {key}");
        }

        Values[key] = v;
        Interlocked.Increment(ref _accepted);
        return "OK";
    }

    private string Refuse(string reason)
    {
        Interlocked.Increment(ref _refused);
        return "ERR " + reason;
    }

    private async Task AcceptLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client, ct);
        }
    }

    private async Task ServeAsync(Socket client, CancellationToken ct)
    {
        using Socket s = client;
        await using var stream = new NetworkStream(s, ownsSocket: false);
        var buffer = new byte[MaxLineBytes];
        int count = 0;
        try
        {
            while (true)
            {
                // A display that goes quiet must not hold a connection forever.
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                idle.CancelAfter(TimeSpan.FromSeconds(30));
                int n = await stream.ReadAsync(buffer.AsMemory(count), idle.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    return;
                }

                count += n;
                int nl;
                while ((nl = Array.IndexOf(buffer, (byte)'\n', 0, count)) >= 0)
                {
                    string line = Encoding.ASCII.GetString(buffer, 0, nl).TrimEnd('\r');
                    Array.Copy(buffer, nl + 1, buffer, 0, count - nl - 1);
                    count -= nl + 1;
                    string reply = Apply(line);
                    _log?.Invoke($"controller: {line} -> {reply}");
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(reply + "\n"), ct).ConfigureAwait(false);
                }

                if (count == buffer.Length)
                {
                    await stream.WriteAsync("ERR line too long\n"u8.ToArray(), ct).ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
