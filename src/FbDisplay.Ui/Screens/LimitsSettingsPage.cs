using System.Globalization;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Display;
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
        : base(session, ScreenId.Settings, "CONTROLLER LIMITS", width, height)
    {
        const int h = 48, step = 50, top = 72;
        HighCutoff = SliderRow(top, h, "HIGH CELL CUTOFF", Catalog.Controller.Limit(ControllerSetting.HighCellCutoff), "0.00", " V");
        LowCutoff = SliderRow(top + step, h, "LOW CELL CUTOFF", Catalog.Controller.Limit(ControllerSetting.LowCellCutoff), "0.00", " V");
        Balance = SliderRow(top + (2 * step), h, "BALANCE VOLTAGE", Catalog.Controller.Limit(ControllerSetting.BalanceVoltage), "0.00", " V");
        Hysteresis = SliderRow(top + (3 * step), h, "BALANCE HYSTERESIS", Catalog.Controller.Limit(ControllerSetting.BalanceHysteresis), "0.000", " V");
        OverTemperature = SliderRow(top + (4 * step), h, "OVER-TEMPERATURE", Catalog.Controller.Limit(ControllerSetting.OverTemperature), "0", " °C");
        UnderTemperature = SliderRow(top + (5 * step), h, "UNDER-TEMPERATURE", Catalog.Controller.Limit(ControllerSetting.UnderTemperature), "0", " °C");
        Capacity = SliderRow(top + (6 * step), h, "PACK CAPACITY", Catalog.Controller.CapacityAh, "0", " Ah");
        Source = Add(new Label(new PixelRect(16, 430, 768, 40), "", Theme.SmallTextSize, align: TextAlign.Center) { Color = Theme.TextDim });
        Finish();
    }

    public Slider HighCutoff { get; }

    public Slider LowCutoff { get; }

    public Slider Balance { get; }

    public Slider Hysteresis { get; }

    public Slider OverTemperature { get; }

    public Slider UnderTemperature { get; }

    public Slider Capacity { get; }

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
    protected override void OnShown()
    {
        ShowInTemperatureUnit(OverTemperature, UnderTemperature);
        base.OnShown();
        var s = Context.State;
        Source.SetText(s.Cutoffs.HasValue
            ? string.Create(CultureInfo.InvariantCulture, $"Cutoffs {s.LowCutoffVolts:0.00}–{s.HighCutoffVolts:0.00} V as the controller reports them (0x652). Sent to it over TCP on SAVE.")
            : "The controller has not reported its cutoffs yet (0x652). Limits are sent to it over TCP on SAVE.");
    }
}
