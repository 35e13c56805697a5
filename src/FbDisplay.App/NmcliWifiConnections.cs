using FbDisplay.Services.Backup;

namespace FbDisplay.App;

/// <summary>
/// The saved Wi-Fi connections for the settings backup, through <c>nmcli</c>: read with <c>--show-secrets</c> only
/// when the keys are wanted (NetworkManager's own permissions decide whether it gives them), created with
/// <c>connection add</c> after the old one of the same name is deleted. Personal networks (open, WPA-PSK, SAE) only.
/// </summary>
public sealed class NmcliWifiConnections : IWifiConnections
{
    /// <summary>nmcli's exit status when NetworkManager is not running (nmcli(1), "Exit status").</summary>
    internal const int NotRunning = 8;

    private const string WifiType = "802-11-wireless";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private readonly TimeSpan _waitForStart;
    private readonly TimeProvider _time;

    /// <summary>Calls that fail at once when NetworkManager is not running (SAVE and LOAD on a running display).</summary>
    public NmcliWifiConnections()
        : this(TimeSpan.Zero, TimeProvider.System)
    {
    }

    /// <param name="waitForStart">
    /// How long the first call of an export or import waits for a NetworkManager that is not running yet: at boot the
    /// display unit starts beside NetworkManager (not after it), and a first start restores the backup within a second.
    /// </param>
    /// <param name="time">The clock of that wait.</param>
    public NmcliWifiConnections(TimeSpan waitForStart, TimeProvider time)
    {
        _waitForStart = waitForStart;
        _time = time;
    }

    /// <summary>How long the calls so far waited for NetworkManager to start (the first start says it in the journal).</summary>
    public TimeSpan WaitedForStart { get; private set; }

    /// <summary>One nmcli call (arguments, no shell); the host tests put a fake NetworkManager here.</summary>
    internal Func<IReadOnlyList<string>, CancellationToken, Task<(int Code, string Output, string Error)>> Run { get; init; } = NmcliNetworkManager.RunAsync;

    public async Task<WifiExport> ExportAsync(bool includeSecrets, CancellationToken cancellationToken)
    {
        (int code, string output, string error) = await FirstCallAsync(["-t", "-f", "NAME,TYPE", "connection", "show"], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            return new WifiExport([], NmcliNetworkManager.Explain(code, error));
        }

        var connections = new List<WifiConnection>();
        var problems = new List<string>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = NmcliNetworkManager.SplitTerse(line);
            if (f.Length < 2 || f[1] != WifiType)
            {
                continue;
            }

            List<string> args = includeSecrets ? ["--show-secrets", "-t", "connection", "show", "id", f[0]] : ["-t", "connection", "show", "id", f[0]];
            (code, string profile, error) = await Run(args, cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                problems.Add($"{f[0]}: {NmcliNetworkManager.Explain(code, error)}");
                continue;
            }

            if (ParseProfile(f[0], profile) is { } connection)
            {
                connections.Add(connection);
            }
            else
            {
                problems.Add($"{f[0]} is not a personal Wi-Fi network (enterprise, WEP or a hotspot): not in the backup");
            }
        }

        return new WifiExport(connections, problems.Count == 0 ? null : string.Join("; ", problems));
    }

    public async Task<string?> ImportAsync(WifiConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        (int code, string output, string error) = await FirstCallAsync(["-t", "-f", "NAME", "connection", "show"], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            return NmcliNetworkManager.Explain(code, error);
        }

        if (output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => NmcliNetworkManager.SplitTerse(l)[0]).Contains(connection.Name, StringComparer.Ordinal))
        {
            (code, _, error) = await Run(["connection", "delete", "id", connection.Name], cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                return NmcliNetworkManager.Explain(code, error);
            }
        }

        (code, _, error) = await Run(AddArguments(connection), cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            return NmcliNetworkManager.Explain(code, error);
        }

        return connection.Security.Length == 0 ? null : await KeepKeyAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the key back from NetworkManager: a first-boot restore once found the profile made but its key empty (the
    /// appliance test, NetworkManager still starting under load). A key that did not stay is set once more with
    /// <c>connection modify</c>; if it still does not stay, the restore says so instead of claiming the network.
    /// </summary>
    private async Task<string?> KeepKeyAsync(WifiConnection connection, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            (int code, string output, string error) = await Run(["--show-secrets", "-t", "-f", PskField, "connection", "show", "id", connection.Name], cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                return $"{connection.Name}: {NmcliNetworkManager.Explain(code, error)}";
            }

            if (KeyIn(output) == connection.Psk)
            {
                return null;
            }

            if (attempt > 0)
            {
                return $"{connection.Name}: NetworkManager did not keep its key";
            }

            (code, _, error) = await Run(["connection", "modify", "id", connection.Name, "wifi-sec.psk", connection.Psk], cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                return $"{connection.Name}: {NmcliNetworkManager.Explain(code, error)}";
            }
        }
    }

    private const string PskField = "802-11-wireless-security.psk";

    /// <summary>The key from <c>nmcli -s -t -f 802-11-wireless-security.psk connection show</c> ("802-11-wireless-security.psk:KEY").</summary>
    internal static string KeyIn(string output)
    {
        string line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l => l.StartsWith(PskField + ":", StringComparison.Ordinal)) ?? "";
        return line.Length == 0 ? "" : string.Join(':', NmcliNetworkManager.SplitTerse(line[(PskField.Length + 1)..])).TrimEnd('\r');
    }

    /// <summary>A call that, while NetworkManager is not running yet, is made again until it is or the wait is over.</summary>
    private async Task<(int Code, string Output, string Error)> FirstCallAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        long started = _time.GetTimestamp();
        for (int attempt = 0; ; attempt++)
        {
            (int Code, string Output, string Error) r = await Run(args, cancellationToken).ConfigureAwait(false);
            TimeSpan waited = _time.GetElapsedTime(started);
            if (r.Code != NotRunning || waited >= _waitForStart)
            {
                WaitedForStart += attempt > 0 ? waited : TimeSpan.Zero;
                return r;
            }

            await Task.Delay(Poll, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The <c>nmcli connection add</c> arguments that recreate <paramref name="c"/> (no shell: each value one argument).</summary>
    internal static List<string> AddArguments(WifiConnection c)
    {
        List<string> args =
        [
            "connection", "add", "type", "wifi", "con-name", c.Name, "ssid", c.Ssid,
            "connection.autoconnect", c.Autoconnect ? "yes" : "no", "ipv4.method", c.Ipv4Method,
        ];
        if (c.Ipv4Addresses.Length > 0)
        {
            args.AddRange(["ipv4.addresses", c.Ipv4Addresses]);
        }

        if (c.Ipv4Gateway.Length > 0)
        {
            args.AddRange(["ipv4.gateway", c.Ipv4Gateway]);
        }

        if (c.Ipv4Dns.Length > 0)
        {
            args.AddRange(["ipv4.dns", c.Ipv4Dns]);
        }

        if (c.Security.Length > 0)
        {
            args.AddRange(["wifi-sec.key-mgmt", c.Security, "wifi-sec.psk", c.Psk]);
        }

        return args;
    }

    /// <summary>
    /// A connection from <c>nmcli -t connection show id NAME</c> (one <c>setting.property:value</c> a line); null for
    /// what the backup does not carry (an access point of its own, enterprise or WEP security).
    /// </summary>
    internal static WifiConnection? ParseProfile(string name, string output)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values[line[..colon]] = string.Join(':', NmcliNetworkManager.SplitTerse(line[(colon + 1)..])).TrimEnd('\r');
            }
        }

        string Value(string key) => values.TryGetValue(key, out string? v) && v != "--" && v != "<hidden>" ? v : "";
        string mode = Value("802-11-wireless.mode");
        string security = Value("802-11-wireless-security.key-mgmt");
        if (mode is not ("" or "infrastructure") || security is not ("" or "wpa-psk" or "sae"))
        {
            return null;
        }

        return new WifiConnection
        {
            Name = name,
            Ssid = Value("802-11-wireless.ssid"),
            Security = security,
            Psk = security.Length > 0 ? Value("802-11-wireless-security.psk") : "",
            Autoconnect = Value("connection.autoconnect") != "no",
            Ipv4Method = Value("ipv4.method") == "manual" ? "manual" : "auto",
            Ipv4Addresses = Value("ipv4.addresses").Replace(" ", "", StringComparison.Ordinal),
            Ipv4Gateway = Value("ipv4.gateway"),
            Ipv4Dns = Value("ipv4.dns").Replace(" ", "", StringComparison.Ordinal),
        };
    }
}
