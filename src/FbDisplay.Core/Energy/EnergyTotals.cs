namespace FbDisplay.Core.Energy;

/// <summary>
/// The energy counters at one moment, as the screens, MQTT, the web page and <c>energy.json</c> see them. Charged and
/// discharged are both positive. A plain value: copying it allocates nothing.
/// </summary>
/// <param name="Day">The local date <c>Today*</c> belongs to; <c>default</c> until the first sample.</param>
/// <param name="LastSampleUnixSeconds">The second of the last sample integrated, 0 when none.</param>
public readonly record struct EnergyTotals(
    DateOnly Day,
    double TodayChargedWh,
    double TodayDischargedWh,
    double YesterdayChargedWh,
    double YesterdayDischargedWh,
    double TotalChargedWh,
    double TotalDischargedWh,
    long LastSampleUnixSeconds)
{
    public double TodayChargedKWh => TodayChargedWh / 1000;

    public double TodayDischargedKWh => TodayDischargedWh / 1000;

    public double YesterdayChargedKWh => YesterdayChargedWh / 1000;

    public double YesterdayDischargedKWh => YesterdayDischargedWh / 1000;

    public double TotalChargedKWh => TotalChargedWh / 1000;

    public double TotalDischargedKWh => TotalDischargedWh / 1000;

    /// <summary>False until a sample has been counted (or a saved state restored): <see cref="Day"/> means nothing yet.</summary>
    public bool HasDay => Day != default;
}
