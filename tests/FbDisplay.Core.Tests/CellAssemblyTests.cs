using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.TestSupport;

namespace FbDisplay.Core.Tests;

public class CellAssemblyTests
{
    private static float[] Six(float v) => [v, v + 0.01f, v + 0.02f, v + 0.03f, v + 0.04f, v + 0.05f];

    [Test]
    public void Cells_are_placed_by_sequence_number_whatever_the_arrival_order()
    {
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, new FrameCounters());
        foreach (int seq in new[] { 2, 0, 3, 1 })
        {
            decoder.Apply(BatteryFrameEncoder.Cells(seq, 4, Six(3.0f + (seq * 0.1f))), 1);
        }

        Assert.That(state.CellCount, Is.EqualTo(24));
        for (int m = 0; m < 4; m++)
        {
            Assert.That(state.CellMillivolts[m * 6], Is.EqualTo(3000 + (m * 100)), $"module {m}");
        }
    }

    [Test]
    public void Forty_modules_give_240_cells()
    {
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, new FrameCounters());
        for (int seq = 0; seq < 40; seq++)
        {
            Assert.That(decoder.Apply(BatteryFrameEncoder.Cells(seq, 40, Six(3.3f)), 1), Is.EqualTo(FrameRejectReason.None));
        }

        Assert.That(state.CellMillivolts.Length, Is.EqualTo(240));
        Assert.That(state.CellMillivolts.ToArray(), Has.None.EqualTo(0));
    }

    [Test]
    public void A_dropped_frame_leaves_only_its_six_cells_stale()
    {
        var time = new ManualTimeProvider();
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, new FrameCounters());
        for (int seq = 0; seq < 3; seq++)
        {
            decoder.Apply(BatteryFrameEncoder.Cells(seq, 3, Six(3.3f)), time.GetTimestamp());
        }

        time.Advance(TimeSpan.FromSeconds(4));
        decoder.Apply(BatteryFrameEncoder.Cells(0, 3, Six(3.31f)), time.GetTimestamp());
        decoder.Apply(BatteryFrameEncoder.Cells(2, 3, Six(3.32f)), time.GetTimestamp()); // module 1 dropped
        time.Advance(TimeSpan.FromSeconds(2));

        long now = time.GetTimestamp();
        Assert.Multiple(() =>
        {
            Assert.That(state.IsModuleFresh(time, now, 0), Is.True);
            Assert.That(state.IsModuleFresh(time, now, 1), Is.False);
            Assert.That(state.IsModuleFresh(time, now, 2), Is.True);
            Assert.That(state.CellMillivolts[6], Is.EqualTo(3300), "stale cells keep their last value");
        });
    }

    [Test]
    public void A_pack_that_shrinks_forgets_the_cells_it_no_longer_has()
    {
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, new FrameCounters());
        for (int seq = 0; seq < 4; seq++)
        {
            decoder.Apply(BatteryFrameEncoder.Cells(seq, 4, Six(3.3f)), 1);
        }

        decoder.Apply(BatteryFrameEncoder.Cells(0, 2, Six(3.3f)), 2);
        Assert.That(state.CellCount, Is.EqualTo(12));
        Assert.That(state.ModuleTimestamp(3), Is.Zero);
    }

    [Test]
    public void Stale_detection_follows_the_time_provider()
    {
        var time = new ManualTimeProvider();
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, new FrameCounters());
        Assert.That(state.Pack.IsFresh(time, time.GetTimestamp(), BatteryState.StaleAfter), Is.False, "no data yet");
        decoder.Apply(BatteryFrameEncoder.Pack(1, 48, 0, 20, 20), time.GetTimestamp());
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(state.Pack.IsFresh(time, time.GetTimestamp(), BatteryState.StaleAfter), Is.True);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(state.Pack.IsFresh(time, time.GetTimestamp(), BatteryState.StaleAfter), Is.False);
    }
}
