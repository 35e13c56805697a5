using FbDisplay.Core.Battery;
using FbDisplay.Core.Status;

namespace FbDisplay.Core.Tests.Status;

/// <summary>On a RECEIVER, a sender that has lost its controller must look like silence here too.</summary>
public sealed class RemoteStalenessTests
{
    private static RemoteStatus Status(bool stale) => new()
    {
        HasData = true, SocPercent = 60, PackVolts = 52, CurrentAmps = 10, MaxTemperatureC = 25, MinTemperatureC = 20,
        LowCellMillivolts = 3300, HighCellMillivolts = 3700, AverageCellMillivolts = 3400, HighCutoffVolts = 3.65f, LowCutoffVolts = 2.8f,
        PackStale = stale, SocStale = stale, CellsStale = stale,
    };

    [Test]
    public void The_summary_and_cutoffs_are_refreshed_only_while_the_sender_hears_its_controller()
    {
        var state = new BatteryState();
        state.ApplyRemote(Status(stale: false), 100);
        Assert.That(state.CellSummary.Timestamp, Is.EqualTo(100));
        Assert.That(state.Cutoffs.Timestamp, Is.EqualTo(100));

        // The sender's controller went quiet: it keeps publishing its last values, every group marked stale.
        state.ApplyRemote(Status(stale: true), 200);
        Assert.That(state.CellSummary.Timestamp, Is.EqualTo(100), "old news is not refreshed");
        Assert.That(state.Cutoffs.Timestamp, Is.EqualTo(100));
        Assert.That(state.Pack.Timestamp, Is.EqualTo(100));
        Assert.That(state.Soc.Timestamp, Is.EqualTo(100));

        // One group fresh again: the sender hears its controller.
        RemoteStatus soc = Status(stale: true);
        soc.SocStale = false;
        state.ApplyRemote(soc, 300);
        Assert.That(state.CellSummary.Timestamp, Is.EqualTo(300));
    }
}
