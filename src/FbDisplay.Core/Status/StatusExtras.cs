using FbDisplay.Core.Alarms;
using FbDisplay.Core.Energy;

namespace FbDisplay.Core.Status;

/// <summary>
/// What the display works out itself, beside what the controller sends: alarms, energy counters and the time to full
/// or empty. Set once a second on the UI thread and carried by every snapshot.
/// </summary>
public readonly record struct StatusExtras(AlarmSet AlarmsRaised, AlarmSet AlarmsUnacknowledged, EnergyTotals Energy, BatteryEstimate Estimate);
