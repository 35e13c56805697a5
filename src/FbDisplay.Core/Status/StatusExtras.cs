using FbDisplay.Core.Alarms;
using FbDisplay.Core.Energy;
using FbDisplay.Core.Units;

namespace FbDisplay.Core.Status;

/// <summary>
/// What the display works out itself, beside what the controller sends: alarms, energy counters and the time to full
/// or empty. Set once a second on the UI thread and carried by every snapshot.
/// </summary>
/// <param name="TemperatureUnit">How the owner wants temperatures shown (the document itself stays in Celsius).</param>
public readonly record struct StatusExtras(
    AlarmSet AlarmsRaised, AlarmSet AlarmsUnacknowledged, EnergyTotals Energy, BatteryEstimate Estimate, TemperatureUnit TemperatureUnit = TemperatureUnit.Celsius)
{
    /// <summary>The inverter link's state; its <see cref="InverterStatus.State"/> is Off while the link is off.</summary>
    public InverterStatus Inverter { get; init; }
}

/// <summary>The inverter link as /api/status shows it (docs/inverter.md).</summary>
/// <param name="LastError">"can1: write failed: ENOBUFS (errno 105)", or null.</param>
public readonly record struct InverterStatus(
    Inverter.InverterLinkState State, string InterfaceName, long FramesSent, long BusErrors, string? LastError, Inverter.InverterValues Values);
