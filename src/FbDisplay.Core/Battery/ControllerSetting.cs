namespace FbDisplay.Core.Battery;

/// <summary>The controller limits the settings screen can change (docs/controller-link.md). The values index arrays.</summary>
public enum ControllerSetting
{
    HighCellCutoff,
    LowCellCutoff,
    BalanceVoltage,
    BalanceHysteresis,
    OverTemperature,
    UnderTemperature,
    PackCapacityAh,
}
