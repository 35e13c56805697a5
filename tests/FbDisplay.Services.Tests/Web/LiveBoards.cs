using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Status;

namespace FbDisplay.Services.Tests.Web;

/// <summary>The status the web tests serve: an EVTV pack with cells, energy and an estimate, as the real decoder makes it.</summary>
internal static class LiveBoards
{
    /// <summary>
    /// 14 modules of six cells, an over-temperature alarm, energy counters; with <paramref name="controller"/> also the
    /// controller's status (a contactor open) and a charge command, so every row of the page's table has a value.
    /// </summary>
    public static StatusBoard Pack(Core.Units.TemperatureUnit unit, bool controller = false)
    {
        var counters = new FrameCounters();
        var decoder = new BatteryDecoder(new BatteryState(), counters);
        long ts = TimeProvider.System.GetTimestamp();
        decoder.Apply(BatteryFrameEncoder.Pack(-34.5f, 48.3f, -120.5f, 31, 24), ts);
        decoder.Apply(BatteryFrameEncoder.Soc(71.5f), ts);
        decoder.Apply(BatteryFrameEncoder.CellSummary(3.998f, 4.021f, 4.010f), ts);
        decoder.Apply(BatteryFrameEncoder.Cutoffs(4.2f, 3.3f), ts);
        float[] six = [4.01f, 4.02f, 4.00f, 4.01f, 4.02f, 4.01f];
        for (int m = 0; m < 14; m++)
        {
            decoder.Apply(BatteryFrameEncoder.Cells(m, 14, six), ts);
        }

        if (controller)
        {
            decoder.Apply(BatteryFrameEncoder.ControllerStatus(ControllerFlags.ChargeEnabled | ControllerFlags.NegativeContactorOpen, 1), ts);
            decoder.Apply(BatteryFrameEncoder.ChargeCommand(55.25f, 12.5f), ts);
        }

        var board = new StatusBoard();
        var energy = new Core.Energy.EnergyTotals(new DateOnly(2026, 11, 24), 12_345, 3_180, 18_905, 16_220, 4_312_800, 4_108_420, 1);
        var extras = new StatusExtras(Core.Alarms.AlarmSet.TemperatureHigh, Core.Alarms.AlarmSet.None, energy, Core.Energy.BatteryEstimate.Compute(71.5f, 100f, -20.3f), unit);
        board.Publish(decoder.State, counters, TimeProvider.System, 0x0A01A8C0, extras);
        return board;
    }
}
