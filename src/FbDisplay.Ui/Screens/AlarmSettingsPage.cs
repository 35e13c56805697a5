using System.Globalization;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;
using FbDisplay.Settings;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// Page 2, the alarms: the threshold of each alarm the owner tunes by touch. The cell cutoff alarms follow the
/// controller's own cutoffs (page 1); hysteresis, delays and switching an alarm off live in settings.json
/// (Alarms:&lt;Kind&gt;:Hysteresis, DelaySeconds, Enabled). Applied at SAVE, no restart.
/// </summary>
public sealed class AlarmSettingsPage : SettingsPage
{
    public AlarmSettingsPage(SettingsSession session, int width = 800, int height = 480)
        : base(session, ScreenId.SettingsAlarms, Tx.AlarmsTitle, width, height)
    {
        const int h = 48, step = 50, top = 72;
        var d = new AlarmSettings();
        Spread = SliderRow(top, h, T(Tx.AlarmSpread), Key(AlarmKind.CellSpread), 20f, 500f, 10f, "0", " mV", Default(d, AlarmKind.CellSpread));
        Hot = SliderRow(top + step, h, T(Tx.AlarmHot), Key(AlarmKind.TemperatureHigh), 25f, 80f, 1f, "0", " °C", Default(d, AlarmKind.TemperatureHigh));
        Cold = SliderRow(top + (2 * step), h, T(Tx.AlarmCold), Key(AlarmKind.TemperatureLow), -30f, 20f, 1f, "0", " °C", Default(d, AlarmKind.TemperatureLow));
        SocFloor = SliderRow(top + (3 * step), h, T(Tx.AlarmSocBelow), Key(AlarmKind.SocLow), 0f, 80f, 1f, "0", " %", Default(d, AlarmKind.SocLow));
        ControllerLost = SliderRow(top + (4 * step), h, T(Tx.AlarmNoData), Key(AlarmKind.ControllerLost), 10f, 600f, 10f, "0", " s", Default(d, AlarmKind.ControllerLost));
        MqttDown = SliderRow(top + (5 * step), h, T(Tx.AlarmMqtt), Key(AlarmKind.MqttDown), 10f, 3600f, 10f, "0", " s", Default(d, AlarmKind.MqttDown));
        Add(new Label(
            new PixelRect(16, 374, 768, 48),
            T(Tx.AlarmNote),
            Theme.SmallTextSize,
            align: TextAlign.Center) { Color = Theme.TextDim });
        Finish();
    }

    public Slider Spread { get; }

    public Slider Hot { get; }

    public Slider Cold { get; }

    public Slider SocFloor { get; }

    public Slider ControllerLost { get; }

    public Slider MqttDown { get; }

    /// <summary>The settings key of an alarm's threshold ("Alarms:CellSpread:Threshold").</summary>
    public static string Key(AlarmKind kind) => Catalog.Alarms.For(kind).Threshold.Key;

    /// <inheritdoc/>
    protected override void OnShown()
    {
        ShowInTemperatureUnit(Hot, Cold);
        base.OnShown();
    }

    private static string Default(AlarmSettings d, AlarmKind kind) => d[kind].Threshold.ToString(CultureInfo.InvariantCulture);
}
