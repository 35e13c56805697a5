using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using FbDisplay.Core.Battery;

namespace FbDisplay.Services.Controller;

/// <summary>
/// Sends settings to the battery controller over TCP when SAVE is pressed: one connection per SAVE, one
/// <c>KEY=VALUE\n</c> line per setting, each answered <c>OK</c> or <c>ERR reason</c> before the next is sent
/// (docs/controller-link.md). Runs entirely on the thread pool; the UI thread only starts it and gets a Task.
/// SAVEs are serialised so two never interleave on the controller.
/// </summary>
public sealed class ControllerLink : IControllerSettingsSink, IDisposable
{
    private const int MaxReplyBytes = 256;
    private readonly ControllerLinkOptions _options;
    private readonly Func<IPAddress?> _learnedAddress;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ControllerSendResult? _lastResult;
    private long _saves;

    /// <param name="learnedAddress">The controller address learned from UDP (the app's <c>ControllerAddressTracker</c>); any thread.</param>
    public ControllerLink(ControllerLinkOptions options, Func<IPAddress?> learnedAddress, TimeProvider time)
    {
        _options = options;
        _learnedAddress = learnedAddress;
        _time = time;
    }

    /// <summary>Where a SAVE would go now: the configured address, else the learned one.</summary>
    public IPAddress? CurrentAddress => _options.Address ?? _learnedAddress();

    public ControllerLinkOptions Options => _options;

    /// <summary>The last SAVE's result (for the settings screen and /metrics).</summary>
    public ControllerSendResult? LastResult => Volatile.Read(ref _lastResult);

    public long Saves => Interlocked.Read(ref _saves);

    public async Task<ControllerSendResult> SendAsync(IReadOnlyList<ControllerSettingValue> settings, CancellationToken cancellationToken = default)
    {
        ControllerSendResult result = await SendCoreAsync(settings, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _saves);
        Volatile.Write(ref _lastResult, result);
        return result;
    }

    public void Dispose() => _gate.Dispose();

    private async Task<ControllerSendResult> SendCoreAsync(IReadOnlyList<ControllerSettingValue> settings, CancellationToken ct)
    {
        // Out-of-range values are refused here: a typo on a slider or a stray MQTT message must not reach the battery.
        var acks = new ControllerSettingAck?[settings.Count];
        var toSend = new List<int>(settings.Count);
        for (int i = 0; i < settings.Count; i++)
        {
            ControllerSettingValue s = settings[i];
            string wire = _options.WireNames.TryGetValue(s.Setting, out string? n) ? n : s.Setting.ToString().ToUpperInvariant();
            if (!double.IsFinite(s.Value))
            {
                acks[i] = new ControllerSettingAck(s.Setting, wire, s.WireValue, false, "not a number");
            }
            else if (_options.Limits.TryGetValue(s.Setting, out (double Min, double Max) lim) && (s.Value < lim.Min || s.Value > lim.Max))
            {
                acks[i] = new ControllerSettingAck(s.Setting, wire, s.WireValue, false,
                    string.Create(CultureInfo.InvariantCulture, $"out of range {lim.Min}-{lim.Max}, not sent"));
            }
            else
            {
                toSend.Add(i);
            }
        }

        if (toSend.Count == 0)
        {
            return Finish(settings, acks, ControllerSendOutcome.Refused, settings.Count == 0 ? "Nothing to send." : null);
        }

        IPAddress? address = CurrentAddress;
        if (address is null)
        {
            return ControllerSendResult.NoController;
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await ExchangeAsync(address, settings, acks, toSend, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ControllerSendResult> ExchangeAsync(
        IPAddress address, IReadOnlyList<ControllerSettingValue> settings, ControllerSettingAck?[] acks, List<int> toSend, CancellationToken ct)
    {
        string where = $"{address}:{_options.Port.ToString(CultureInfo.InvariantCulture)}";
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var connectTimeout = new CancellationTokenSource(_options.ConnectTimeout, _time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, connectTimeout.Token))
        {
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, _options.Port), linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (connectTimeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                return Unanswered(settings, acks, ControllerSendOutcome.TimedOut, $"No connection to {where} within {Seconds(_options.ConnectTimeout)} s.");
            }
            catch (SocketException e)
            {
                return Unanswered(settings, acks, ControllerSendOutcome.Unreachable, $"Cannot connect to {where}: {e.Message}.");
            }
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var reader = new LineReader(stream);
        bool timedOut = false, broken = false;
        int refusedByController = 0;
        string? failure = null;
        foreach (int i in toSend)
        {
            ControllerSettingValue s = settings[i];
            string wire = _options.WireNames.TryGetValue(s.Setting, out string? n) ? n : s.Setting.ToString().ToUpperInvariant();
            string value = s.WireValue;
            if (failure is not null)
            {
                acks[i] = new ControllerSettingAck(s.Setting, wire, value, false, $"not sent: {failure}");
                continue;
            }

            using var replyTimeout = new CancellationTokenSource(_options.ReplyTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, replyTimeout.Token);
            string? reply;
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{wire}={value}\n"), linked.Token).ConfigureAwait(false);
                reply = await reader.ReadLineAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (replyTimeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                timedOut = true;
                failure = $"no reply from {where} within {Seconds(_options.ReplyTimeout)} s";
                acks[i] = new ControllerSettingAck(s.Setting, wire, value, false, failure);
                continue;
            }
            catch (IOException e)
            {
                broken = true;
                failure = $"connection to {where} broke: {e.InnerException?.Message ?? e.Message}";
                acks[i] = new ControllerSettingAck(s.Setting, wire, value, false, failure);
                continue;
            }

            if (reply is null)
            {
                broken = true;
                failure = $"{where} closed the connection";
                acks[i] = new ControllerSettingAck(s.Setting, wire, value, false, failure);
            }
            else if (reply == "OK")
            {
                acks[i] = new ControllerSettingAck(s.Setting, wire, value, true, null);
            }
            else if (reply.StartsWith("ERR", StringComparison.Ordinal))
            {
                string reason = reply.Length > 3 ? reply[3..].Trim() : "refused";
                acks[i] = new ControllerSettingAck(s.Setting, wire, value, false, reason.Length == 0 ? "refused" : reason);
                refusedByController++;
            }
            else
            {
                // An answer we do not understand means we no longer know where the conversation stands: stop.
                failure = $"unexpected reply '{Printable(reply)}'";
                acks[i] = new ControllerSettingAck(s.Setting, wire, value, false, failure);
                refusedByController++;
            }
        }

        int accepted = acks.Count(a => a is { Accepted: true });
        ControllerSendOutcome outcome =
            accepted == settings.Count ? ControllerSendOutcome.Sent
            : accepted > 0 ? ControllerSendOutcome.PartiallyAccepted
            : refusedByController > 0 ? ControllerSendOutcome.Refused
            : timedOut ? ControllerSendOutcome.TimedOut
            : broken ? ControllerSendOutcome.Unreachable
            : ControllerSendOutcome.Refused;
        return Finish(settings, acks, outcome, null);
    }

    private static ControllerSendResult Unanswered(IReadOnlyList<ControllerSettingValue> settings, ControllerSettingAck?[] acks, ControllerSendOutcome outcome, string reason)
    {
        for (int i = 0; i < acks.Length; i++)
        {
            acks[i] ??= new ControllerSettingAck(settings[i].Setting, "", settings[i].WireValue, false, reason);
        }

        return new ControllerSendResult(outcome, reason, acks.Select(a => a!.Value).ToArray());
    }

    private static ControllerSendResult Finish(IReadOnlyList<ControllerSettingValue> settings, ControllerSettingAck?[] acks, ControllerSendOutcome outcome, string? reason)
    {
        ControllerSettingAck[] all = acks.Select((a, i) => a ?? new ControllerSettingAck(settings[i].Setting, "", settings[i].WireValue, false, "not sent")).ToArray();
        reason ??= all.FirstOrDefault(a => !a.Accepted).Error;
        return new ControllerSendResult(outcome, reason, all);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Printable(string s) =>
        new(s.Take(60).Select(ch => ch is >= ' ' and <= '~' ? ch : '?').ToArray());

    /// <summary>Reads ASCII lines without a StreamReader's unbounded buffering: a reply longer than 256 bytes is an error.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[MaxReplyBytes];
        private int _count;

        public async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            while (true)
            {
                int nl = Array.IndexOf(_buffer, (byte)'\n', 0, _count);
                if (nl >= 0)
                {
                    string line = Encoding.ASCII.GetString(_buffer, 0, nl).TrimEnd('\r');
                    Array.Copy(_buffer, nl + 1, _buffer, 0, _count - nl - 1);
                    _count -= nl + 1;
                    return line;
                }

                if (_count == _buffer.Length)
                {
                    throw new IOException("reply line longer than 256 bytes");
                }

                int n = await stream.ReadAsync(_buffer.AsMemory(_count), ct).ConfigureAwait(false);
                if (n == 0)
                {
                    return null;
                }

                _count += n;
            }
        }
    }
}
