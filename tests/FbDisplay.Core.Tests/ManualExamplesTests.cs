using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;

namespace FbDisplay.Core.Tests;

/// <summary>The worked examples of the manual's CAN MESSAGE IDS section, both ways.</summary>
public class ManualExamplesTests
{
    private readonly BatteryState _state = new();
    private BatteryDecoder _decoder = null!;

    [SetUp]
    public void SetUp() => _decoder = new BatteryDecoder(_state, new FrameCounters());

    [Test]
    public void Pack_voltage_48_76_is_sent_as_487_and_shown_as_48_7()
    {
        CanFrame f = BatteryFrameEncoder.Pack(-34, 48.76f, -114.56f, 36, 30);
        Assert.That(BitConverter.ToUInt16(f.Payload[2..4]), Is.EqualTo(487));
        _decoder.Apply(f, 1);
        Assert.That(_state.PackVolts, Is.EqualTo(48.7f).Within(1e-4));
    }

    [Test]
    public void Amp_hours_minus_114_56_are_sent_as_minus_1145()
    {
        CanFrame f = BatteryFrameEncoder.Pack(0, 48, -114.56f, 0, 0);
        Assert.That(BitConverter.ToInt16(f.Payload[4..6]), Is.EqualTo(-1145));
        _decoder.Apply(f, 1);
        Assert.That(_state.AmpHours, Is.EqualTo(-114.5f).Within(1e-4));
    }

    [Test]
    public void Soc_77_75_is_sent_as_155_and_shown_as_77_5()
    {
        CanFrame f = BatteryFrameEncoder.Soc(77.75f);
        Assert.That(f.Payload.ToArray(), Is.EqualTo(new byte[] { 155 }));
        _decoder.Apply(f, 1);
        Assert.That(_state.SocPercent, Is.EqualTo(77.5f));
    }

    [Test]
    public void Cell_summary_3_214_3_274_3_262_round_trips_in_millivolts()
    {
        CanFrame f = BatteryFrameEncoder.CellSummary(3.214f, 3.274f, 3.262f);
        Assert.That(f.Length, Is.EqualTo(6));
        Assert.That(BitConverter.ToUInt16(f.Payload[0..2]), Is.EqualTo(3214));
        Assert.That(BitConverter.ToUInt16(f.Payload[2..4]), Is.EqualTo(3274));
        Assert.That(BitConverter.ToUInt16(f.Payload[4..6]), Is.EqualTo(3262));
        _decoder.Apply(f, 1);
        Assert.Multiple(() =>
        {
            Assert.That(_state.LowCellMillivolts, Is.EqualTo(3214));
            Assert.That(_state.HighCellMillivolts, Is.EqualTo(3274));
            Assert.That(_state.AverageCellMillivolts, Is.EqualTo(3262));
            Assert.That(_state.MaxCellCount, Is.Zero, "bytes 6-7 absent");
        });
    }

    [Test]
    public void Cell_summary_bytes_6_and_7_carry_max_and_active_cells_when_present()
    {
        _decoder.Apply(BatteryFrameEncoder.CellSummary(3.2f, 3.3f, 3.25f, maxCells: 96, activeCells: 84), 1);
        Assert.That((_state.MaxCellCount, _state.ActiveCellCount), Is.EqualTo((96, 84)));
    }

    [Test]
    public void High_cutoff_4_20_is_sent_as_42_in_bytes_4_and_5()
    {
        CanFrame f = BatteryFrameEncoder.Cutoffs(4.20f, 3.25f);
        Assert.That(BitConverter.ToUInt16(f.Payload[4..6]), Is.EqualTo(42));
        Assert.That(BitConverter.ToUInt16(f.Payload[6..8]), Is.EqualTo(32));
        _decoder.Apply(f, 1);
        Assert.That(_state.HighCutoffVolts, Is.EqualTo(4.2f).Within(1e-5));
        Assert.That(_state.LowCutoffVolts, Is.EqualTo(3.2f).Within(1e-5));
    }

    [Test]
    public void Cell_3_475_is_sent_as_147_and_shown_as_3_47()
    {
        CanFrame f = BatteryFrameEncoder.Cells(0, 1, [3.475f, 3.3f, 3.3f, 3.3f, 3.3f, 3.3f]);
        Assert.That(f.Payload[2], Is.EqualTo(147));
        _decoder.Apply(f, 1);
        Assert.That(_state.CellMillivolts[0], Is.EqualTo(3470));
    }

    [Test]
    public void Positive_current_is_charging_by_default_and_inverted_by_the_setting()
    {
        _decoder.Apply(BatteryFrameEncoder.Pack(25, 48, 0, 0, 0), 1);
        Assert.That(_state.PackCurrentAmps, Is.EqualTo(25));
        _decoder.InvertCurrent = true;
        _decoder.Apply(BatteryFrameEncoder.Pack(25, 48, 0, 0, 0), 2);
        Assert.That(_state.PackCurrentAmps, Is.EqualTo(-25));
        Assert.That(_state.PowerWatts, Is.EqualTo(-1200));
    }

    [Test]
    public void Frame_0x151_carries_precise_current_and_power_with_the_same_sign_setting()
    {
        _decoder.InvertCurrent = true;
        _decoder.Apply(BatteryFrameEncoder.PackPrecise(-12.34f, -598.76f), 1);
        Assert.That(_state.PreciseCurrentAmps, Is.EqualTo(12.34f).Within(1e-4));
        Assert.That(_state.PrecisePowerWatts, Is.EqualTo(598.76f).Within(1e-3));
    }

    [Test]
    public void Power_is_volts_times_amps()
    {
        _decoder.Apply(BatteryFrameEncoder.Pack(-34, 41.1f, -1415.7f, 36, 30), 1);
        Assert.That(_state.PowerWatts, Is.EqualTo(-1397.4f).Within(0.01));
        Assert.That(_state.MaxTemperatureC, Is.EqualTo(36));
        Assert.That(_state.MinTemperatureC, Is.EqualTo(30));
    }
}
