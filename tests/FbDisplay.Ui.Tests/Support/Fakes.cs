using FbDisplay.Core.Can;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Settings;

namespace FbDisplay.Ui.Tests.Support;

/// <summary>Records what the settings screens asked for; answers from a dictionary.</summary>
internal sealed class FakeSettingsBackend : ISettingsBackend
{
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public List<IReadOnlyDictionary<string, string>> Saved { get; } = [];

    public List<ControllerLimits> LimitsSent { get; } = [];

    public ControllerSendResult LimitsAnswer { get; set; } = new(ControllerSendStatus.Sent, "Limits sent to the controller at 192.168.1.40.");

    public int ResetLogCalls { get; private set; }

    public int CopyLogCalls { get; private set; }

    public int SaveSettingsCalls { get; private set; }

    public int LoadSettingsCalls { get; private set; }

    public int RestartCalls { get; private set; }

    public int ShutdownCalls { get; private set; }

    public int ExitCalls { get; private set; }

    public AboutFacts AboutAnswer { get; set; } = new(
        "0.1.0", new TimeSpan(2, 3, 14, 0), 1_204_331, 1_204_012, 0, 319,
        [(FrameRejectReason.WrongDatagramLength, 12), (FrameRejectReason.UnknownId, 301), (FrameRejectReason.PayloadTooShort, 6)], 183_902);

    public string? Get(string key) => Values.TryGetValue(key, out string? v) ? v : null;

    public SettingsResult Save(IReadOnlyDictionary<string, string> changes)
    {
        Saved.Add(new Dictionary<string, string>(changes, StringComparer.Ordinal));
        foreach ((string k, string v) in changes)
        {
            Values[k] = v;
        }

        return SettingsResult.Done($"Saved {changes.Count} setting{(changes.Count == 1 ? "" : "s")}.");
    }

    public Task<ControllerSendResult> SaveControllerLimitsAsync(ControllerLimits limits, CancellationToken cancellationToken)
    {
        LimitsSent.Add(limits);
        return Task.FromResult(LimitsAnswer);
    }

    public SettingsResult ResetLog()
    {
        ResetLogCalls++;
        return SettingsResult.Done("PowerSafe100.log erased.");
    }

    public Task<SettingsResult> CopyLogAsync(CancellationToken cancellationToken)
    {
        CopyLogCalls++;
        return Task.FromResult(CopyLogAnswer);
    }

    /// <summary>What COPY LOG answers.</summary>
    public SettingsResult CopyLogAnswer { get; set; } = SettingsResult.Failed(Say.Of("No USB drive labelled BATTERY found.", Tx.DriveNone));

    /// <summary>What SAVE SETTINGS TO USB answers.</summary>
    public SettingsResult SaveSettingsAnswer { get; set; } = SettingsResult.Done("Saved 14 settings, MQTT certificates, 2 Wi-Fi to BATTERY.");

    public Task<SettingsResult> SaveSettingsToUsbAsync(CancellationToken cancellationToken)
    {
        SaveSettingsCalls++;
        return Task.FromResult(SaveSettingsAnswer);
    }

    public Task<SettingsResult> LoadSettingsFromUsbAsync(CancellationToken cancellationToken)
    {
        LoadSettingsCalls++;
        return Task.FromResult(SettingsResult.Failed("Backup refused: Udp:Port '99999' is not a port (1-65535). Nothing was changed."));
    }

    public Task<SettingsResult> UpdateSoftwareAsync(CancellationToken cancellationToken) =>
        PendingUpdate?.Task ?? Task.FromResult(SettingsResult.Failed("Software update is not available yet."));

    /// <summary>Set to hold UPDATE SOFTWARE open until the test completes it.</summary>
    public TaskCompletionSource<SettingsResult>? PendingUpdate { get; set; }

    public Say? UpdateProgress { get; set; }

    public Task<SettingsResult> RestartAsync(CancellationToken cancellationToken)
    {
        RestartCalls++;
        return Task.FromResult(SettingsResult.Done("Restarting…"));
    }

    public Task<SettingsResult> ShutdownAsync(CancellationToken cancellationToken)
    {
        ShutdownCalls++;
        return Task.FromResult(SettingsResult.Done("Shutting down…"));
    }

    public SettingsResult ExitToConsole()
    {
        ExitCalls++;
        return SettingsResult.Done("Exiting to the console…");
    }

    public AboutFacts About() => AboutAnswer;
}

/// <summary>A network manager that answers at once from canned data and records joins and address changes.</summary>
internal sealed class FakeNetworkManager : INetworkManager
{
    public List<WifiNetwork> Networks { get; } =
    [
        new("riverhouse", 82, "WPA2", InUse: true),
        new("EVTV-Shop", 64, "WPA2"),
        new("Garage", 41, "WPA1 WPA2"),
        new("Neighbour 5G", 22, "WPA3"),
        new("CoffeeGuest", 15, ""),
        new("FarAway", 8, "WPA2"),
    ];

    public AddressSettings Address { get; set; } = new(true, "192.168.1.50/24", "192.168.1.1", "192.168.1.1");

    public List<(string Ssid, string Password)> Joined { get; } = [];

    public List<AddressSettings> AddressesSet { get; } = [];

    public int Scans { get; private set; }

    public string? Missing { get; set; }

    public Task<NetworkResult<IReadOnlyList<WifiNetwork>>> ScanAsync(CancellationToken cancellationToken)
    {
        Scans++;
        return Task.FromResult(Missing is null
            ? new NetworkResult<IReadOnlyList<WifiNetwork>>(true, "", Networks.ToList())
            : new NetworkResult<IReadOnlyList<WifiNetwork>>(false, Missing, null));
    }

    /// <summary>The answer to the next joins (null: success); the address after a successful join (null: unchanged).</summary>
    public NetworkResult? ConnectFailure { get; set; }

    public AddressSettings? AddressAfterJoin { get; set; }

    public Task<NetworkResult> ConnectAsync(string ssid, string password, CancellationToken cancellationToken)
    {
        Joined.Add((ssid, password));
        if (ConnectFailure is not null)
        {
            return Task.FromResult(ConnectFailure);
        }

        Address = AddressAfterJoin ?? Address;
        return Task.FromResult(NetworkResult.Done(Say.Of(Tx.NetworkConnected, ssid)));
    }

    public Task<NetworkResult<AddressSettings>> GetAddressAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new NetworkResult<AddressSettings>(true, "", Address));

    public Task<NetworkResult> SetAddressAsync(AddressSettings settings, CancellationToken cancellationToken)
    {
        AddressesSet.Add(settings);
        return Task.FromResult(NetworkResult.Done(settings.Dhcp ? Say.Of(Tx.NetworkDhcpSet) : Say.Of(Tx.NetworkStaticSet, settings.Address)));
    }
}
