using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// Every screen of the display, built once and wired together: the front end registers them by <see cref="ScreenId"/>
/// and the tests drive the same set.
/// </summary>
public sealed class ScreenSet : IDisposable
{
    private readonly Dictionary<ScreenId, Screen> _screens = [];

    /// <summary>Builds all screens over <paramref name="context"/>; settings go through <paramref name="backend"/> and <paramref name="network"/>.</summary>
    public ScreenSet(DisplayContext context, ISettingsBackend backend, INetworkManager network, int width = 800, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(context);
        Session = new SettingsSession(context, backend, network);
        Main = Put(ScreenId.Main, new MainScreen(context, width, height));
        SocLog = Put(ScreenId.SocLog, new SocLogScreen(context, width, height));
        Cells = Put(ScreenId.Cells, new CellsScreen(context, width, height));
        PowerLog = Put(ScreenId.PowerLog, new PowerLogScreen(context, width, height));
        Limits = Put(ScreenId.Settings, new LimitsSettingsPage(Session, width, height));
        AlarmSettings = Put(ScreenId.SettingsAlarms, new AlarmSettingsPage(Session, width, height));
        Comms = Put(ScreenId.SettingsComms, new CommsSettingsPage(Session, width, height));
        Display = Put(ScreenId.SettingsDisplay, new DisplaySettingsPage(Session, width, height));
        Network = Put(ScreenId.SettingsNetwork, new NetworkSettingsPage(Session, width, height));
        SystemPage = Put(ScreenId.SettingsSystem, new SystemSettingsPage(Session, width, height));
        Keyboard = Put(ScreenId.Keyboard, new KeyboardScreen(context, width, height));
        Confirm = Put(ScreenId.Confirm, new ConfirmScreen(context, width, height));
        Calibration = Put(ScreenId.TouchCalibration, new TouchCalibrationScreen(Session, width, height));
        Alarms = Put(ScreenId.Alarms, new AlarmScreen(context, width, height));
        Energy = Put(ScreenId.Energy, new EnergyScreen(context, width, height));
        Banner = new AlarmBanner(context, width, height);
        Session.Keyboard = Keyboard;
        Session.Confirm = Confirm;
    }

    public SettingsSession Session { get; }

    public MainScreen Main { get; }

    public SocLogScreen SocLog { get; }

    public CellsScreen Cells { get; }

    public PowerLogScreen PowerLog { get; }

    public LimitsSettingsPage Limits { get; }

    public AlarmSettingsPage AlarmSettings { get; }

    public CommsSettingsPage Comms { get; }

    public DisplaySettingsPage Display { get; }

    public NetworkSettingsPage Network { get; }

    public SystemSettingsPage SystemPage { get; }

    public KeyboardScreen Keyboard { get; }

    public ConfirmScreen Confirm { get; }

    public TouchCalibrationScreen Calibration { get; }

    public AlarmScreen Alarms { get; }

    public EnergyScreen Energy { get; }

    /// <summary>The alarm banner: the renderer's overlay, drawn over every screen.</summary>
    public AlarmBanner Banner { get; }

    /// <summary>Every screen by id.</summary>
    public IReadOnlyDictionary<ScreenId, Screen> All => _screens;

    public Screen this[ScreenId id] => _screens[id];

    /// <summary>The screen for <paramref name="id"/>, or null when there is none.</summary>
    public Screen? TryGet(ScreenId id) => _screens.GetValueOrDefault(id);

    public void Dispose()
    {
        foreach (Screen s in _screens.Values)
        {
            s.Dispose();
        }

        _screens.Clear();
        Banner.Dispose();
    }

    private T Put<T>(ScreenId id, T screen)
        where T : Screen
    {
        _screens[id] = screen;
        return screen;
    }
}
