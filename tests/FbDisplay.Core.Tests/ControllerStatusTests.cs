using CsCheck;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;

namespace FbDisplay.Core.Tests;

/// <summary>0x654 (flags and fault code) and 0x683 (frequency shift and TCCH), from frames built byte by byte.</summary>
public class ControllerStatusTests
{
    private readonly BatteryState _state = new();
    private FrameCounters _counters = null!;
    private BatteryDecoder _decoder = null!;

    [SetUp]
    public void SetUp()
    {
        _counters = new FrameCounters();
        _state.Clear();
        _decoder = new BatteryDecoder(_state, _counters);
    }

    [Test]
    public void Flags_0x2C_mean_charge_and_heat_enabled_and_the_positive_contactor_open()
    {
        // 0x2C = 0x20 positive open | 0x08 heat | 0x04 charge; byte 1 = 0x02 cell over-voltage.
        Assert.That(_decoder.Apply(CanFrame.Create(0x654, [0x2C, 0x02]), 100), Is.EqualTo(FrameRejectReason.None));
        Assert.Multiple(() =>
        {
            Assert.That(_state.ChargeEnabled, Is.True);
            Assert.That(_state.HeatEnabled, Is.True);
            Assert.That(_state.UsbPowered, Is.False);
            Assert.That(_state.ContactorCode, Is.EqualTo(2), "positive only");
            Assert.That(_state.FaultCode, Is.EqualTo(ControllerFaults.CellOverVoltage));
            Assert.That(ControllerFaults.Name(_state.FaultCode), Is.EqualTo("cell over-voltage"));
            Assert.That(_state.ContactorOpenSince, Is.EqualTo(100));
            Assert.That(_state.FaultSince, Is.EqualTo(100));
            Assert.That(_state.ControllerStatus.Timestamp, Is.EqualTo(100));
            Assert.That(_state.HasAnyData, Is.True);
        });
    }

    [Test]
    public void Both_contactors_open_negative_only_and_usb_power()
    {
        _decoder.Apply(CanFrame.Create(0x654, [0x30, 0x00]), 1);
        Assert.That((_state.ContactorCode, _state.FaultCode, _state.ChargeEnabled), Is.EqualTo((3, 0, false)));
        _decoder.Apply(CanFrame.Create(0x654, [0x50, 0x00]), 2);
        Assert.That((_state.ContactorCode, _state.UsbPowered), Is.EqualTo((1, true)));
    }

    [Test]
    public void The_fault_code_is_the_low_six_bits_and_unknown_codes_keep_their_number()
    {
        _decoder.Apply(CanFrame.Create(0x654, [0x00, 0xC5]), 1); // 0xC5 & 0x3F = 5
        Assert.That(_state.FaultCode, Is.EqualTo(ControllerFaults.VoltageImbalance));
        _decoder.Apply(CanFrame.Create(0x654, [0x00, 0x2A]), 2);
        Assert.That(_state.FaultCode, Is.EqualTo(42));
        Assert.That(ControllerFaults.Name(42), Is.Null);
        Assert.That(ControllerFaults.Key(42), Is.EqualTo("unknown"));
    }

    [Test]
    public void Since_is_when_the_contactor_opened_not_the_latest_frame()
    {
        _decoder.Apply(CanFrame.Create(0x654, [0x04, 0]), 10);
        Assert.That(_state.ContactorOpenSince, Is.Zero);
        _decoder.Apply(CanFrame.Create(0x654, [0x14, 1]), 20);
        _decoder.Apply(CanFrame.Create(0x654, [0x34, 1]), 30); // the other one opens too: still the same open spell
        Assert.That((_state.ContactorOpenSince, _state.FaultSince), Is.EqualTo((20L, 20L)));
        _decoder.Apply(CanFrame.Create(0x654, [0x34, 4]), 40); // a different fault starts its own clock
        Assert.That((_state.ContactorOpenSince, _state.FaultSince), Is.EqualTo((20L, 40L)));
        _decoder.Apply(CanFrame.Create(0x654, [0x04, 0]), 50);
        Assert.That((_state.ContactorOpenSince, _state.FaultSince), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public void Charge_command_bytes_2_to_5_are_frequency_shift_x100_and_tcch_x10()
    {
        // 3.45 V = 345 = 0x0159; 35.5 A = 355 = 0x0163; bytes 0-1 and 6-7 are not ours.
        Assert.That(_decoder.Apply(CanFrame.Create(0x683, [0xAA, 0xBB, 0x59, 0x01, 0x63, 0x01, 0xCC, 0xDD]), 7), Is.EqualTo(FrameRejectReason.None));
        Assert.That(_state.FrequencyShiftVolts, Is.EqualTo(3.45f).Within(1e-4));
        Assert.That(_state.ChargeCommandAmps, Is.EqualTo(35.5f).Within(1e-4));
        Assert.That(_state.ChargeCommand.HasValue, Is.True);
        Assert.That(BatteryFrameEncoder.ChargeCommand(3.45f, 35.5f).Payload[2..6].ToArray(), Is.EqualTo(new byte[] { 0x59, 0x01, 0x63, 0x01 }));
    }

    [TestCase(0x654u, 1)]
    [TestCase(0x683u, 5)]
    public void Short_frames_are_rejected_and_change_nothing(uint id, int length)
    {
        Assert.That(_decoder.Apply(CanFrame.Create(id, new byte[length]), 1), Is.EqualTo(FrameRejectReason.PayloadTooShort));
        Assert.That(_state.HasAnyData, Is.False);
        Assert.That(_counters.Rejected(FrameRejectReason.PayloadTooShort), Is.EqualTo(1));
    }

    [Test]
    public void The_kernel_filter_passes_both_ids() =>
        Assert.That(BatteryMessageIds.All.ToArray(), Does.Contain(0x654u).And.Contain(0x683u));

    [Test]
    public void Any_0x654_decodes_to_known_bits_and_a_six_bit_code_and_round_trips_through_the_encoder()
    {
        Gen.Select(Gen.Byte, Gen.Byte).Sample((flags, fault) =>
        {
            var state = new BatteryState();
            var decoder = new BatteryDecoder(state, new FrameCounters());
            Assert.That(decoder.Apply(BatteryFrameEncoder.ControllerStatus((ControllerFlags)flags, fault), 5), Is.EqualTo(FrameRejectReason.None));
            Assert.That((byte)state.ControllerFlags, Is.EqualTo(flags & 0x7C));
            Assert.That(state.FaultCode, Is.EqualTo(fault & 0x3F));
            Assert.That(state.ContactorCode, Is.EqualTo(((flags >> 4) & 1) | (((flags >> 5) & 1) << 1)));
            Assert.That(state.ContactorOpenSince != 0, Is.EqualTo(state.ContactorCode != 0));
            Assert.That(state.FaultSince != 0, Is.EqualTo(state.FaultCode != 0));
        }, iter: 5_000);
    }

    [Test]
    public void Any_0x683_decodes_its_raw_words_and_the_encoder_truncates_like_the_manual()
    {
        Gen.Select(Gen.UShort, Gen.UShort).Sample((shift, tcch) =>
        {
            var state = new BatteryState();
            var decoder = new BatteryDecoder(state, new FrameCounters());
            byte[] d = [0, 0, (byte)shift, (byte)(shift >> 8), (byte)tcch, (byte)(tcch >> 8), 0, 0];
            Assert.That(decoder.Apply(CanFrame.Create(0x683, d), 5), Is.EqualTo(FrameRejectReason.None));
            Assert.That(state.FrequencyShiftVolts, Is.EqualTo(shift / 100f));
            Assert.That(state.ChargeCommandAmps, Is.EqualTo(tcch / 10f));

            // Encoding the decoded values again loses at most one step (the manual truncates toward zero).
            CanFrame again = BatteryFrameEncoder.ChargeCommand(state.FrequencyShiftVolts, state.ChargeCommandAmps);
            Assert.That(BitConverter.ToUInt16(again.Payload[2..4]), Is.InRange(Math.Max(0, shift - 1), (int)shift));
            Assert.That(BitConverter.ToUInt16(again.Payload[4..6]), Is.InRange(Math.Max(0, tcch - 1), (int)tcch));
        }, iter: 5_000);
    }
}
