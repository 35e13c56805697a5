using System.Globalization;
using FbDisplay.Core.Battery;
using FbDisplay.Settings;
using FbDisplay.Ui.Screens;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;
using FbDisplay.Core.Text;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// What the settings pages share: the backend, the network manager, the draft, the keyboard and the yes/no dialog,
/// the latest result message, and the slow calls in flight. Pages poll it each tick on the UI thread, so results of
/// tasks (which finish on pool threads) reach the screen without locks.
/// </summary>
public sealed class SettingsSession
{
    /// <summary>The settings pages in arrow order.</summary>
    public static readonly ScreenId[] Pages =
        [ScreenId.Settings, ScreenId.SettingsAlarms, ScreenId.SettingsComms, ScreenId.SettingsDisplay, ScreenId.SettingsNetwork, ScreenId.SettingsSystem];

    private readonly List<Pending> _pending = [];

    public SettingsSession(DisplayContext context, ISettingsBackend backend, INetworkManager network)
    {
        Context = context;
        Backend = backend;
        Network = network;
    }

    public DisplayContext Context { get; }

    public ISettingsBackend Backend { get; }

    public INetworkManager Network { get; }

    public SettingsDraft Draft { get; } = new();

    /// <summary>The keyboard screen (set when the screens are built).</summary>
    public KeyboardScreen? Keyboard { get; set; }

    /// <summary>The yes/no screen (set when the screens are built).</summary>
    public ConfirmScreen? Confirm { get; set; }

    /// <summary>The settings page shown last: where the keyboard and dialogs return.</summary>
    public ScreenId CurrentPage { get; set; } = ScreenId.Settings;

    /// <summary>The latest result for the toast.</summary>
    public string Message { get; private set; } = "";

    public ToastKind MessageKind { get; private set; }

    /// <summary>When the latest message was posted.</summary>
    public long MessageTimestamp { get; private set; }

    /// <summary>Bumped with every new message.</summary>
    public int MessageVersion { get; private set; }

    /// <summary>Slow calls still running.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Shows a message on whichever settings page is visible.</summary>
    public void Notify(string message, ToastKind kind)
    {
        Message = message;
        MessageKind = kind;
        MessageTimestamp = Context.Time.GetTimestamp();
        MessageVersion++;
    }

    /// <summary>Watches <paramref name="task"/>; when it ends, <paramref name="done"/> runs on the UI thread.</summary>
    public void Track(Task task, Action<Task> done)
    {
        ArgumentNullException.ThrowIfNull(task);
        _pending.Add(new Pending(task, done));
    }

    /// <summary>Per tick: hands finished tasks to their continuations. Allocates nothing while none finished.</summary>
    public void Poll()
    {
        for (int i = 0; i < _pending.Count; i++)
        {
            Pending p = _pending[i];
            if (!p.Task.IsCompleted)
            {
                continue;
            }

            _pending.RemoveAt(i--);
            if (p.Task.IsFaulted || p.Task.IsCanceled)
            {
                Exception? e = p.Task.Exception?.GetBaseException();
                Notify(e is null ? Context.T(Tx.SettingsCancelled) : string.Format(CultureInfo.InvariantCulture, Tx.SettingsFailed.Format(Context.Language), e.Message), ToastKind.Error);
                continue;
            }

            p.Done(p.Task);
        }
    }

    /// <summary>Moves to the next (+1) or previous (-1) page from <paramref name="from"/>, wrapping round.</summary>
    public void Turn(ScreenId from, int direction)
    {
        int i = Array.IndexOf(Pages, from);
        int next = ((i < 0 ? 0 : i) + direction + Pages.Length) % Pages.Length;
        Context.Navigate(Pages[next]);
    }

    /// <summary>X: back to the main screen; unsaved edits are dropped (after asking).</summary>
    public void Leave(ScreenId from)
    {
        if (!Draft.HasChanges || Confirm is null)
        {
            Draft.Discard();
            Context.Navigate(ScreenId.Main);
            return;
        }

        int n = Draft.Changes.Count;
        Confirm.Open(
            Context.T(Tx.LeaveTitle),
            n == 1 ? Context.T(Tx.LeaveOne) : string.Format(CultureInfo.InvariantCulture, Tx.LeaveMany.Format(Context.Language), n),
            Context.T(Tx.Discard),
            () =>
            {
                Draft.Discard();
                Context.Navigate(ScreenId.Main);
            },
            from,
            danger: true);
    }

    /// <summary>Opens the keyboard for a field; <paramref name="accept"/> gets the text on OK.</summary>
    public void EditText(KeyboardRequest request)
    {
        if (Keyboard is null)
        {
            return;
        }

        Keyboard.Open(request, CurrentPage);
    }

    /// <summary>SAVE: settings to the backend, controller limits to the controller, an address to the network manager.</summary>
    public void Save()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var limits = new List<string>();
        var network = new List<string>();
        foreach ((string key, string value) in Draft.Changes)
        {
            if (Catalog.Controller.IsLimit(key))
            {
                limits.Add(key);
            }
            else if (key.StartsWith("Network:", StringComparison.Ordinal))
            {
                network.Add(key);
            }
            else
            {
                settings[key] = value;
            }
        }

        if (settings.Count == 0 && limits.Count == 0 && network.Count == 0)
        {
            Notify(Context.T(Tx.NothingToSave), ToastKind.Info);
            return;
        }

        if (settings.Count > 0)
        {
            SettingsResult r = Backend.Save(settings);
            Notify(r.In(Context.Language), r.Ok ? ToastKind.Success : ToastKind.Error);
            if (r.Ok)
            {
                Draft.Commit(settings.Keys);
            }
        }

        if (limits.Count > 0)
        {
            ControllerLimits l = CurrentLimits();
            Notify(Context.T(Tx.SendingLimits), ToastKind.Info);
            Track(Backend.SaveControllerLimitsAsync(l, CancellationToken.None), t =>
            {
                ControllerSendResult r = ((Task<ControllerSendResult>)t).Result;
                if (r.Ok)
                {
                    // Kept so the sliders start where they were left when the controller does not report them.
                    var keep = limits.ToDictionary(k => k, Draft.Get, StringComparer.Ordinal);
                    Backend.Save(keep);
                    Draft.Commit(limits);
                }

                Notify(r.In(Context.Language), r.Ok ? ToastKind.Success : ToastKind.Error);
            });
        }

        if (network.Count > 0)
        {
            var address = new AddressSettings(
                Draft.Get(NetworkKeys.Method) != "static",
                Draft.Get(NetworkKeys.Address),
                Draft.Get(NetworkKeys.Gateway),
                Draft.Get(NetworkKeys.Dns));
            Track(Network.SetAddressAsync(address, CancellationToken.None), t =>
            {
                NetworkResult r = ((Task<NetworkResult>)t).Result;
                if (r.Ok)
                {
                    Draft.Commit(network);
                }

                Notify(r.In(Context.Language), r.Ok ? ToastKind.Success : ToastKind.Error);
            });
        }
    }

    /// <summary>The seven limits as the draft has them.</summary>
    public ControllerLimits CurrentLimits() => new(
        Float(Catalog.Controller.Limit(ControllerSetting.HighCellCutoff).Key),
        Float(Catalog.Controller.Limit(ControllerSetting.LowCellCutoff).Key),
        Float(Catalog.Controller.Limit(ControllerSetting.BalanceVoltage).Key),
        Float(Catalog.Controller.Limit(ControllerSetting.BalanceHysteresis).Key),
        Float(Catalog.Controller.Limit(ControllerSetting.OverTemperature).Key),
        Float(Catalog.Controller.Limit(ControllerSetting.UnderTemperature).Key),
        Float(Catalog.Controller.CapacityAh.Key));

    private float Float(string key) =>
        float.TryParse(Draft.Get(key), NumberStyles.Float, CultureInfo.InvariantCulture, out float v) ? v : float.NaN;

    private readonly record struct Pending(Task Task, Action<Task> Done);
}

/// <summary>Draft keys of the address settings (applied through <see cref="INetworkManager"/>, not the settings file).</summary>
public static class NetworkKeys
{
    public const string Method = "Network:Method";
    public const string Address = "Network:Address";
    public const string Gateway = "Network:Gateway";
    public const string Dns = "Network:Dns";
}
