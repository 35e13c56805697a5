using System.Globalization;
using FbDisplay.Core.Text;
using FbDisplay.Services.Interop;
using FbDisplay.Ui.Settings;

namespace FbDisplay.App;

/// <summary>
/// Wi-Fi and addresses through NetworkManager's <c>nmcli</c>, each call a child process on the thread pool (never the
/// UI thread), with a time limit. Without nmcli every call fails with a message that says so.
/// </summary>
public sealed class NmcliNetworkManager : INetworkManager
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(45);
    private readonly string _interface;

    public NmcliNetworkManager(string wifiInterface = "wlan0") => _interface = wifiInterface;

    public static readonly string MissingMessage = Tx.NetworkNoNmcli[DisplayLanguage.English];

    public async Task<NetworkResult<IReadOnlyList<WifiNetwork>>> ScanAsync(CancellationToken cancellationToken)
    {
        (int code, string output, string error) = await RunAsync(["-t", "-f", "IN-USE,SSID,SIGNAL,SECURITY", "dev", "wifi", "list", "--rescan", "yes"], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            return new(false, Explain(code, error), null) { Words = Known(code) };
        }

        var seen = new Dictionary<string, WifiNetwork>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = SplitTerse(line);
            if (f.Length < 4 || f[1].Length == 0)
            {
                continue;
            }

            int signal = int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : 0;
            var n = new WifiNetwork(f[1], signal, f[3], f[0] == "*");
            if (!seen.TryGetValue(n.Ssid, out WifiNetwork? old) || old.SignalPercent < n.SignalPercent || n.InUse)
            {
                seen[n.Ssid] = n;
            }
        }

        return new(true, "", seen.Values.OrderByDescending(n => n.InUse).ThenByDescending(n => n.SignalPercent).ToList());
    }

    public async Task<NetworkResult> ConnectAsync(string ssid, string password, CancellationToken cancellationToken)
    {
        List<string> args = ["dev", "wifi", "connect", ssid];
        if (password.Length > 0)
        {
            args.AddRange(["password", password]);
        }

        (int code, _, string error) = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        return code == 0 ? NetworkResult.Done(Say.Of(Tx.NetworkConnected, ssid)) : ExplainConnect(code, error);
    }

    /// <summary>
    /// A failed <c>nmcli dev wifi connect</c>: NetworkManager says a refused password as "Secrets were required, but
    /// not provided" (device state reason 7, no secret agent to ask again), which the page turns into its own words.
    /// </summary>
    internal static NetworkResult ExplainConnect(int code, string error) =>
        error.Contains("Secrets were required", StringComparison.OrdinalIgnoreCase)
            ? NetworkResult.Failed(Explain(code, error), NetworkFailure.WrongPassword)
            : NetworkResult.Failed(Explain(code, error)) with { Words = Known(code) };

    public async Task<NetworkResult<AddressSettings>> GetAddressAsync(CancellationToken cancellationToken)
    {
        string? connection = await ActiveConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            var none = Say.Of(Tx.NetworkNoConnection, _interface);
            return new(false, none.English, null) { Words = none };
        }

        (int code, string output, string error) = await RunAsync(["-t", "-f", "ipv4.method,ipv4.addresses,ipv4.gateway,ipv4.dns,IP4.ADDRESS,IP4.GATEWAY,IP4.DNS", "con", "show", connection], cancellationToken).ConfigureAwait(false);
        return code == 0 ? new(true, "", ParseAddress(output)) : new(false, Explain(code, error), null) { Words = Known(code) };
    }

    /// <summary>
    /// <c>nmcli -t con show</c> lines: with DHCP the address in force (IP4.ADDRESS[1], IP4.GATEWAY, IP4.DNS[1]: what the
    /// lease gave), with a static address the configured one (ipv4.addresses, ipv4.gateway, ipv4.dns).
    /// </summary>
    internal static AddressSettings ParseAddress(string output)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] p = line.Split(':', 2);
            if (p.Length == 2)
            {
                int index = p[0].IndexOf('[', StringComparison.Ordinal);
                string value = p[1].Replace("\\:", ":", StringComparison.Ordinal).Split(',')[0].Trim();
                values.TryAdd(index < 0 ? p[0] : p[0][..index], value == "--" ? "" : value);
            }
        }

        string Value(string k) => values.TryGetValue(k, out string? v) ? v : "";
        bool dhcp = Value("ipv4.method") != "manual";
        return dhcp
            ? new AddressSettings(true, Value("IP4.ADDRESS"), Value("IP4.GATEWAY"), Value("IP4.DNS"))
            : new AddressSettings(false, Value("ipv4.addresses"), Value("ipv4.gateway"), Value("ipv4.dns"));
    }

    public async Task<NetworkResult> SetAddressAsync(AddressSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? connection = await ActiveConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null)
        {
            return NetworkResult.Failed(Say.Of(Tx.NetworkNoConnectionToChange, _interface));
        }

        List<string> args = settings.Dhcp
            ? ["con", "mod", connection, "ipv4.method", "auto", "ipv4.addresses", "", "ipv4.gateway", "", "ipv4.dns", ""]
            : ["con", "mod", connection, "ipv4.method", "manual", "ipv4.addresses", settings.Address, "ipv4.gateway", settings.Gateway, "ipv4.dns", settings.Dns];
        (int code, _, string error) = await RunAsync(args, cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            return NetworkResult.Failed(Explain(code, error)) with { Words = Known(code) };
        }

        (code, _, error) = await RunAsync(["con", "up", connection], cancellationToken).ConfigureAwait(false);
        return code == 0
            ? NetworkResult.Done(settings.Dhcp ? Say.Of(Tx.NetworkDhcpSet) : Say.Of(Tx.NetworkStaticSet, settings.Address))
            : NetworkResult.Failed(Explain(code, error)) with { Words = Known(code) };
    }

    /// <summary>Splits a terse nmcli line at ':' not escaped as '\:'.</summary>
    internal static string[] SplitTerse(string line)
    {
        var parts = new List<string>();
        var current = new System.Text.StringBuilder();
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                current.Append(line[++i]);
            }
            else if (line[i] == ':')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(line[i]);
            }
        }

        parts.Add(current.ToString());
        return [.. parts];
    }

    /// <summary>The page's own words for a failure it knows (no nmcli); null: nmcli's first error line as it is.</summary>
    private static Say? Known(int code) => code == HostCommandResult.NotInstalled ? Say.Of(Tx.NetworkNoNmcli) : null;

    internal static string Explain(int code, string error) =>
        code == HostCommandResult.NotInstalled ? MissingMessage : new HostCommandResult(code, "", error).FirstErrorLine("nmcli");

    private async Task<string?> ActiveConnectionAsync(CancellationToken ct)
    {
        (int code, string output, _) = await RunAsync(["-t", "-f", "NAME,DEVICE", "con", "show", "--active"], ct).ConfigureAwait(false);
        if (code != 0)
        {
            return null;
        }

        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] f = SplitTerse(line);
            if (f.Length >= 2 && f[1] == _interface)
            {
                return f[0];
            }
        }

        return null;
    }

    /// <summary>Runs nmcli with an argument list (no shell); exit code -1 means nmcli is not installed.</summary>
    internal static async Task<(int Code, string Output, string Error)> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        HostCommandResult r = await HostCommand.RunAsync("nmcli", args, Limit, ct).ConfigureAwait(false);
        return (r.Code, r.Output, r.Code == HostCommandResult.NotInstalled ? MissingMessage : r.Error);
    }
}
