using FbDisplay.Core.Text;

namespace FbDisplay.Ui.Settings;

/// <summary>
/// Wi-Fi and address setup for the network settings page. Every call runs off the UI thread and returns a task the
/// screen polls each tick; a missing tool (no nmcli) is a failed result with a clear message, never an exception.
/// </summary>
public interface INetworkManager
{
    /// <summary>Visible Wi-Fi networks, strongest first.</summary>
    Task<NetworkResult<IReadOnlyList<WifiNetwork>>> ScanAsync(CancellationToken cancellationToken);

    /// <summary>Joins <paramref name="ssid"/> (empty password for an open network).</summary>
    Task<NetworkResult> ConnectAsync(string ssid, string password, CancellationToken cancellationToken);

    /// <summary>The address configuration in force.</summary>
    Task<NetworkResult<AddressSettings>> GetAddressAsync(CancellationToken cancellationToken);

    /// <summary>Switches the active connection to DHCP or to a static address.</summary>
    Task<NetworkResult> SetAddressAsync(AddressSettings settings, CancellationToken cancellationToken);
}

/// <summary>One Wi-Fi network seen by a scan.</summary>
/// <param name="SignalPercent">0-100.</param>
/// <param name="Security">"WPA2", "WPA1 WPA2", or empty for an open network.</param>
public sealed record WifiNetwork(string Ssid, int SignalPercent, string Security, bool InUse = false)
{
    public bool IsOpen => string.IsNullOrWhiteSpace(Security) || Security == "--";
}

/// <summary>DHCP, or a static address in CIDR form ("192.168.1.72/24") with gateway and DNS server.</summary>
public sealed record AddressSettings(bool Dhcp, string Address = "", string Gateway = "", string Dns = "");

/// <summary>Why a network call failed, where the page has its own (translated) words for it.</summary>
public enum NetworkFailure
{
    /// <summary>Succeeded, or failed for a reason shown as <see cref="NetworkResult.Message"/>.</summary>
    Other,

    /// <summary>The access point refused the password (NetworkManager: secrets required but not provided).</summary>
    WrongPassword,
}

/// <summary>How a network call ended: <see cref="Message"/> in English (the journal, tests), <see cref="Words"/> for the page.</summary>
public record NetworkResult(bool Ok, string Message)
{
    public NetworkFailure Failure { get; init; }

    /// <summary>The sentence for the page in the display's language; null: <see cref="Message"/> as it is (nmcli's own words).</summary>
    public Say? Words { get; init; }

    /// <summary>What the page shows, in <paramref name="language"/>.</summary>
    public string In(DisplayLanguage language) => Words?.In(language) ?? Message;

    public static NetworkResult Done(string message) => new(true, message);

    public static NetworkResult Done(Say words) => new(true, words.English) { Words = words };

    public static NetworkResult Failed(string message) => new(false, message);

    public static NetworkResult Failed(Say words) => new(false, words.English) { Words = words };

    public static NetworkResult Failed(string message, NetworkFailure failure) => new(false, message) { Failure = failure };
}

/// <summary>A network call's value, or why there is none.</summary>
public sealed record NetworkResult<T>(bool Ok, string Message, T? Value) : NetworkResult(Ok, Message);
