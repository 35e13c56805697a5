using FbDisplay.Core.Alarms;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Energy;
using FbDisplay.Core.History;
using FbDisplay.Core.Text;
using FbDisplay.Core.Units;

namespace FbDisplay.Ui.Screens;

/// <summary>The screens the display can show.</summary>
public enum ScreenId
{
    Main,
    SocLog,
    Cells,
    PowerLog,

    /// <summary>The first settings page (controller limits): where the gear leads.</summary>
    Settings,

    /// <summary>Alarm thresholds.</summary>
    SettingsAlarms,
    SettingsComms,
    SettingsDisplay,
    SettingsNetwork,
    SettingsSystem,

    /// <summary>The on-screen keyboard, opened over a settings page for a text field.</summary>
    Keyboard,

    /// <summary>A yes/no question (RESET LOG, SHUT DOWN).</summary>
    Confirm,

    /// <summary>Tap the three targets to calibrate the touch panel.</summary>
    TouchCalibration,

    /// <summary>Active alarms and their history.</summary>
    Alarms,

    /// <summary>Energy in and out today, yesterday and in total; time to full or empty.</summary>
    Energy,
}

/// <summary>
/// What every screen reads: the model and the rings (owned by the UI thread), the clock, and a few facts other
/// threads update (the display's own address). Screens read it in their per-tick update and never block.
/// </summary>
public sealed class DisplayContext(BatteryState state, BarHistory socHistory, BarHistory powerHistory, TimeProvider time)
{
    private volatile string _address = "";
    private volatile string _statusMessage = "";
    private Say _source = Say.Of(Tx.SourceUdp, 6500);
    private string? _sourceText;

    public BatteryState State => state;

    public BarHistory SocHistory => socHistory;

    public BarHistory PowerHistory => powerHistory;

    public TimeProvider Time => time;

    /// <summary>Where data is expected from, for the waiting state ("UDP port 6500").</summary>
    public Say Source
    {
        get => _source;
        set
        {
            _source = value;
            _sourceText = null;
        }
    }

    /// <summary><see cref="Source"/> in <see cref="Language"/> (made once, not per frame).</summary>
    public string SourceDescription => _sourceText ??= _source.In(Language);

    /// <summary>The display's own IP address(es), refreshed by a background timer.</summary>
    public string Address
    {
        get => _address;
        set => _address = value;
    }

    /// <summary>A problem to show on the main screen (e.g. the log cannot be written), or empty.</summary>
    public string StatusMessage
    {
        get => _statusMessage;
        set => _statusMessage = value;
    }

    /// <summary>The alarms (owned by the UI thread like the model); null = no alarm monitor (older tests, tools).</summary>
    public AlarmMonitor? Alarms { get; set; }

    /// <summary>Energy in and out (UI thread; updated once a second by the app). Default until the first sample.</summary>
    public EnergyTotals Energy { get; set; }

    /// <summary>Time to full or to empty at the present (smoothed) rate; None when idle or the capacity is unknown.</summary>
    public BatteryEstimate Estimate { get; set; }

    /// <summary>Pack capacity the estimate uses (Controller:CapacityAh), 0 = unknown.</summary>
    public float CapacityAmpHours { get; set; }

    /// <summary>How temperatures are shown (the model stays in Celsius).</summary>
    public TemperatureUnit TemperatureUnit { get; set; }

    /// <summary>The language of the screens (Display:Language). Set before the screens are built: they take their words then.</summary>
    public DisplayLanguage Language
    {
        get => Format.Language;
        set
        {
            Format = LocalFormat.For(value);
            _sourceText = null;
        }
    }

    /// <summary>Numbers, dates and times in <see cref="Language"/>.</summary>
    public LocalFormat Format { get; private set; } = LocalFormat.English;

    /// <summary>The text in <see cref="Language"/>.</summary>
    public string T(Text text) => text[Language];

    /// <summary>Asks the front end to show another screen (set by the front end).</summary>
    public Action<ScreenId> Navigate { get; set; } = _ => { };
}
