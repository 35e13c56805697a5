using System.Globalization;
using System.Net;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// Page 4, the network (what the manual did at the desktop): the Wi-Fi networks in range with their signal, tap one
/// to join it (the keyboard asks for the password); DHCP or a static address, applied on SAVE. All calls go through
/// <see cref="INetworkManager"/> off the UI thread; results come back through the session.
/// </summary>
public sealed class NetworkSettingsPage : SettingsPage
{
    private static readonly TimeSpan RescanAfter = TimeSpan.FromSeconds(30);
    private AddressSettings? _address;
    private long _lastScan;
    private bool _scanning;
    private bool _addressRequested;

    public NetworkSettingsPage(SettingsSession session, int width = 800, int height = 480)
        : base(session, ScreenId.SettingsNetwork, Tx.NetworkTitle, width, height)
    {
        Caption(16, 70, 300, T(Tx.NetworkWifi));
        List = Add(new WifiList(new PixelRect(16, 94, 408, 280), rows: 5, session.Context.Language) { EmptyText = session.Context.T(Tx.NetworkTapScan) });
        List.Picked += (_, n) => Pick(n);
        Up = Add(new Button(new PixelRect(430, 94, 50, 136), icon: IconKind.ArrowUp));
        Up.Clicked += (_, _) => List.Scroll(-List.Rows);
        Down = Add(new Button(new PixelRect(430, 238, 50, 136), icon: IconKind.ArrowDown));
        Down.Clicked += (_, _) => List.Scroll(List.Rows);
        Scan = Add(new Button(new PixelRect(16, 380, 130, 44), T(Tx.NetworkScan), size: Theme.TextSize));
        Scan.Clicked += (_, _) => StartScan();
        Status = Add(new Label(new PixelRect(156, 380, 324, 44), "", Theme.SmallTextSize) { Color = Theme.TextDim });

        Method = ChoiceBlock(500, 70, 284, T(Tx.NetworkAddressMethod), NetworkKeys.Method, "dhcp", ["DHCP", T(Tx.NetworkStatic)], ["dhcp", "static"]);
        Address = FieldBlock(500, 150, 284, T(Tx.NetworkAddress), NetworkKeys.Address, "", "192.168.1.72/24", digits: true, maxLength: 18, validate: t => ValidateCidr(t, Context.Language));
        Gateway = FieldBlock(500, 228, 284, T(Tx.NetworkGateway), NetworkKeys.Gateway, "", "192.168.1.1", digits: true, maxLength: 15, validate: t => ValidateIp(t, Context.Language));
        Dns = FieldBlock(500, 306, 284, T(Tx.NetworkDns), NetworkKeys.Dns, "", "8.8.8.8", digits: true, maxLength: 15, validate: t => ValidateIp(t, Context.Language));
        Finish();
    }

    public WifiList List { get; }

    public Button Up { get; }

    public Button Down { get; }

    public Button Scan { get; }

    public Label Status { get; }

    public SegmentedChoice Method { get; }

    public TextField Address { get; }

    public TextField Gateway { get; }

    public TextField Dns { get; }

    internal static string? ValidateIp(string text, DisplayLanguage language = DisplayLanguage.English) =>
        text.Length == 0 || (IPAddress.TryParse(text, out IPAddress? ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && text.Count(c => c == '.') == 3)
            ? null
            : Tx.NetworkBadIp[language];

    internal static string? ValidateCidr(string text, DisplayLanguage language = DisplayLanguage.English)
    {
        string[] parts = text.Split('/');
        bool ok = parts.Length == 2 && ValidateIp(parts[0]) is null && parts[0].Length > 0
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int prefix) && prefix is >= 1 and <= 32;
        return ok ? null : Tx.NetworkBadCidr[language];
    }

    /// <inheritdoc/>
    protected override string Current(string key, string fallback) => key switch
    {
        NetworkKeys.Method when _address is not null => _address.Dhcp ? "dhcp" : "static",
        NetworkKeys.Address when _address is not null => _address.Address,
        NetworkKeys.Gateway when _address is not null => _address.Gateway,
        NetworkKeys.Dns when _address is not null => _address.Dns,
        _ => fallback,
    };

    /// <inheritdoc/>
    protected override void OnShown()
    {
        base.OnShown();
        if (!_addressRequested)
        {
            _addressRequested = true;
            RequestAddress();
        }

        if (!_scanning && (_lastScan == 0 || Context.Time.GetElapsedTime(_lastScan) > RescanAfter))
        {
            StartScan();
        }
    }

    /// <inheritdoc/>
    protected override void OnDraftChanged()
    {
        bool isStatic = Draft.Get(NetworkKeys.Method) == "static";
        Address.Enabled = isStatic;
        Gateway.Enabled = isStatic;
        Dns.Enabled = isStatic;
    }

    /// <summary>The address in force (with DHCP the leased one) into the fields, as their unedited values.</summary>
    private void RequestAddress()
    {
        Session.Track(Session.Network.GetAddressAsync(CancellationToken.None), t =>
        {
            NetworkResult<AddressSettings> r = ((Task<NetworkResult<AddressSettings>>)t).Result;
            if (r.Ok && r.Value is not null)
            {
                _address = r.Value;
                SetBaseline(NetworkKeys.Method, Current(NetworkKeys.Method, "dhcp"));
                SetBaseline(NetworkKeys.Address, r.Value.Address);
                SetBaseline(NetworkKeys.Gateway, r.Value.Gateway);
                SetBaseline(NetworkKeys.Dns, r.Value.Dns);
            }
            else
            {
                Status.SetText(r.In(Context.Language));
            }
        });
    }

    private void StartScan()
    {
        if (_scanning)
        {
            return;
        }

        _scanning = true;
        _lastScan = Context.Time.GetTimestamp();
        Scan.Enabled = false;
        Status.SetText(T(Tx.NetworkScanning));
        if (List.Networks.Count == 0)
        {
            List.EmptyText = T(Tx.NetworkScanning);
            List.Invalidate();
        }

        Session.Track(Session.Network.ScanAsync(CancellationToken.None), t =>
        {
            _scanning = false;
            Scan.Enabled = true;
            NetworkResult<IReadOnlyList<WifiNetwork>> r = ((Task<NetworkResult<IReadOnlyList<WifiNetwork>>>)t).Result;
            if (r.Ok && r.Value is not null)
            {
                List.EmptyText = T(Tx.NetworkNone);
                List.SetNetworks(r.Value);
                Status.SetText(r.Value.Count == 1 ? T(Tx.NetworkOneFound) : string.Format(CultureInfo.InvariantCulture, Tx.NetworkFound.Format(Context.Language), r.Value.Count));
            }
            else
            {
                List.EmptyText = T(Tx.NetworkNoList);
                List.SetNetworks([]);
                Status.SetText(T(Tx.NetworkScanFailed));
                Session.Notify(r.In(Context.Language), ToastKind.Error);
            }
        });
    }

    private void Pick(WifiNetwork network)
    {
        if (network.IsOpen)
        {
            Connect(network.Ssid, "");
            return;
        }

        Session.EditText(new KeyboardRequest(
            string.Format(CultureInfo.InvariantCulture, Tx.NetworkPasswordFor.Format(Context.Language), network.Ssid),
            "",
            password => Connect(network.Ssid, password),
            Masked: true,
            MaxLength: 63,
            Validate: p => p.Length is >= 8 and <= 63 ? null : T(Tx.NetworkPasswordLength)));
    }

    private void Connect(string ssid, string password)
    {
        Session.Notify(string.Format(CultureInfo.InvariantCulture, Tx.NetworkJoining.Format(Context.Language), ssid), ToastKind.Info);
        Session.Track(Session.Network.ConnectAsync(ssid, password, CancellationToken.None), t =>
        {
            NetworkResult r = ((Task<NetworkResult>)t).Result;
            string message = r.Failure == NetworkFailure.WrongPassword
                ? string.Format(CultureInfo.InvariantCulture, Tx.NetworkWrongPassword.Format(Context.Language), ssid)
                : r.In(Context.Language);
            Session.Notify(message, r.Ok ? ToastKind.Success : ToastKind.Error);
            if (r.Ok)
            {
                // The new connection's address (DHCP: the leased one) replaces the old one in the fields.
                RequestAddress();
                _lastScan = 0;
                StartScan();
            }
        });
    }
}
