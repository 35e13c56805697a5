using System.Globalization;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Settings;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// Page 1, the manual's first configuration screen: the controller's limits on sliders (with − and + for fine
/// steps), starting from the cutoffs the controller reports in 0x652. Sent to the controller over TCP only on SAVE.
/// </summary>
public sealed class LimitsSettingsPage : SettingsPage
{
    public LimitsSettingsPage(SettingsSession session, int width = 800, int height = 480)
        : base(session, ScreenId.Settings, Tx.LimitsTitle, width, height)
    {
        const int h = 48, step = 50, top = 72;
        int firstRowWidget = Count;
        HighCutoff = SliderRow(top, h, T(Tx.LimitsHighCutoff), Catalog.Controller.Limit(ControllerSetting.HighCellCutoff), "0.00", " V");
        LowCutoff = SliderRow(top + step, h, T(Tx.LimitsLowCutoff), Catalog.Controller.Limit(ControllerSetting.LowCellCutoff), "0.00", " V");
        Balance = SliderRow(top + (2 * step), h, T(Tx.LimitsBalance), Catalog.Controller.Limit(ControllerSetting.BalanceVoltage), "0.00", " V");
        Hysteresis = SliderRow(top + (3 * step), h, T(Tx.LimitsHysteresis), Catalog.Controller.Limit(ControllerSetting.BalanceHysteresis), "0.000", " V");
        OverTemperature = SliderRow(top + (4 * step), h, T(Tx.LimitsOverTemperature), Catalog.Controller.Limit(ControllerSetting.OverTemperature), "0", " °C");
        UnderTemperature = SliderRow(top + (5 * step), h, T(Tx.LimitsUnderTemperature), Catalog.Controller.Limit(ControllerSetting.UnderTemperature), "0", " °C");
        Capacity = SliderRow(top + (6 * step), h, T(Tx.LimitsCapacity), Catalog.Controller.CapacityAh, "0", " Ah");
        _rows = new Widget[Count - firstRowWidget];
        for (int i = 0; i < _rows.Length; i++)
        {
            _rows[i] = this[firstRowWidget + i];
        }

        // A Pylontech-protocol battery sets its own limits (0x351) and takes none: shown, not edited.
        string[] captions = [T(Tx.LimitsChargeVoltage), T(Tx.LimitsChargeCurrent), T(Tx.LimitsDischargeCurrent), T(Tx.LimitsDischargeVoltage), T(Tx.LimitsHealth)];
        BmsCaptions = new Label[captions.Length];
        BmsValues = new Label[captions.Length];
        for (int i = 0; i < captions.Length; i++)
        {
            BmsCaptions[i] = Add(new Label(new PixelRect(16, top + (i * step), 400, h), captions[i], Theme.TextSize - 1f, bold: true) { Visible = false });
            BmsValues[i] = Add(new Label(new PixelRect(430, top + (i * step), 354, h), "", Theme.TextSize, bold: true, align: TextAlign.Right) { Visible = false });
        }

        ChargeCommand = Add(new Label(new PixelRect(16, 424, 768, 22), "", Theme.SmallTextSize, bold: true, align: TextAlign.Center));
        Source = Add(new Label(new PixelRect(16, 448, 768, 24), "", Theme.SmallTextSize, align: TextAlign.Center) { Color = Theme.TextDim });
        Finish();
    }

    private readonly Widget[] _rows;
    private bool _showingBms;

    /// <summary>True while the page shows a Pylontech-protocol battery's own limits instead of the sliders.</summary>
    public bool IsReadOnly => _showingBms;

    /// <summary>The battery's own limits (0x351) and SOH, shown read-only for a Pylontech-protocol battery.</summary>
    public Label[] BmsCaptions { get; }

    public Label[] BmsValues { get; }

    public Slider HighCutoff { get; }

    public Slider LowCutoff { get; }

    public Slider Balance { get; }

    public Slider Hysteresis { get; }

    public Slider OverTemperature { get; }

    public Slider UnderTemperature { get; }

    public Slider Capacity { get; }

    /// <summary>The charge-current command the controller gives now (TCCH, 0x683), beside the limits it follows from.</summary>
    public Label ChargeCommand { get; }

    /// <summary>Where the cutoffs came from.</summary>
    public Label Source { get; }

    /// <inheritdoc/>
    protected override string Current(string key, string fallback)
    {
        var s = Context.State;
        if (s.Cutoffs.HasValue && key == Catalog.Controller.Limit(ControllerSetting.HighCellCutoff).Key)
        {
            return Format(s.HighCutoffVolts);
        }

        if (s.Cutoffs.HasValue && key == Catalog.Controller.Limit(ControllerSetting.LowCellCutoff).Key)
        {
            return Format(s.LowCutoffVolts);
        }

        return base.Current(key, fallback);
    }

    /// <inheritdoc/>
    protected override void OnPageUpdate(long timestamp)
    {
        base.OnPageUpdate(timestamp);
        var s = Context.State;
        Span<char> b = stackalloc char[96];
        int n = 0;
        if (s.ChargeCommand.HasValue)
        {
            bool fresh = s.ChargeCommand.IsFresh(Context.Time, timestamp, Core.Battery.BatteryState.StaleAfter);
            if (fresh)
            {
                b.TryWrite(Context.Format.Numbers, Tx.LimitsChargeCommand.Format(Context.Language), out n, s.ChargeCommandAmps, s.FrequencyShiftVolts);
            }
            else
            {
                b.TryWrite(Context.Format.Numbers, Tx.LimitsChargeCommand.Format(Context.Language), out n, "--", "--");
            }
        }

        ChargeCommand.SetText(b[..n]);

        bool bms = s.IsPylontech;
        if (bms != _showingBms)
        {
            _showingBms = bms;
            foreach (Widget w in _rows)
            {
                w.Visible = !bms;
            }

            foreach (Label l in BmsCaptions)
            {
                l.Visible = bms;
            }

            foreach (Label l in BmsValues)
            {
                l.Visible = bms;
            }

            Save.Enabled = !bms;
            Source.SetText(bms
                ? T(Tx.LimitsPylontech)
                : SourceText());
        }

        if (bms)
        {
            bool limits = s.BmsLimits.HasValue;
            BmsValues[0].SetNumber(limits ? s.ChargeVoltageLimit : float.NaN, "0.0", " V", Context.Format.Numbers);
            BmsValues[1].SetNumber(limits ? s.ChargeCurrentLimitAmps : float.NaN, "0.0", " A", Context.Format.Numbers);
            BmsValues[2].SetNumber(limits ? s.DischargeCurrentLimitAmps : float.NaN, "0.0", " A", Context.Format.Numbers);
            BmsValues[3].SetNumber(limits && s.DischargeVoltageLimit > 0 ? s.DischargeVoltageLimit : float.NaN, "0.0", " V", Context.Format.Numbers);
            BmsValues[4].SetNumber(s.Soc.HasValue ? s.SohPercent : float.NaN, "0", " %");
        }
    }

    private string SourceText()
    {
        var s = Context.State;
        return s.Cutoffs.HasValue
            ? string.Format(Context.Format.Numbers, Tx.LimitsCutoffs.Format(Context.Language), s.LowCutoffVolts, s.HighCutoffVolts)
            : T(Tx.LimitsCutoffsUnknown);
    }

    /// <inheritdoc/>
    protected override void OnShown()
    {
        ShowInTemperatureUnit(OverTemperature, UnderTemperature);
        base.OnShown();
        if (!_showingBms)
        {
            Source.SetText(SourceText());
        }
    }
}
