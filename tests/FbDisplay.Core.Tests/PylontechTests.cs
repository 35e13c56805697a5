using CsCheck;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;

namespace FbDisplay.Core.Tests;

/// <summary>The Pylontech-compatible frames, from the byte strings the public descriptions print (docs/wire-formats.md).</summary>
public class PylontechTests
{
    private BatteryState _state = null!;
    private FrameCounters _counters = null!;
    private BatteryDecoder _decoder = null!;

    [SetUp]
    public void SetUp()
    {
        _state = new BatteryState();
        _counters = new FrameCounters();
        _decoder = new BatteryDecoder(_state, _counters);
    }

    private FrameRejectReason Apply(uint id, params byte[] data) => _decoder.Apply(CanFrame.Create(id, data), 10);

    [Test]
    public void Limits_0x351_are_charge_volts_x10_charge_and_discharge_amps_x10_discharge_volts_x10()
    {
        Assert.That(Apply(0x351, 0x48, 0x02, 0x00, 0x05, 0x00, 0x05, 0xAE, 0x01), Is.EqualTo(FrameRejectReason.None));
        Assert.That((_state.ChargeVoltageLimit, _state.ChargeCurrentLimitAmps, _state.DischargeCurrentLimitAmps, _state.DischargeVoltageLimit),
            Is.EqualTo((58.4f, 128.0f, 128.0f, 43.0f)));

        // A discharge limit sent negative (some emulators do) is the same limit.
        Apply(0x351, 0x14, 0x02, 0x74, 0x0E, 0x8C, 0xF1, 0xCC, 0x01);
        Assert.That((_state.ChargeVoltageLimit, _state.ChargeCurrentLimitAmps, _state.DischargeCurrentLimitAmps, _state.DischargeVoltageLimit),
            Is.EqualTo((53.2f, 370.0f, 370.0f, 46.0f)));
        Assert.That(_state.BmsLimits.HasValue, Is.True);
    }

    [Test]
    public void Soc_and_soh_0x355_are_whole_percent()
    {
        Assert.That(Apply(0x355, 0x43, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00), Is.EqualTo(FrameRejectReason.None));
        Assert.That((_state.SocPercent, _state.SohPercent), Is.EqualTo((67f, 100f)));
        Assert.That(_state.Soc.HasValue, Is.True);

        // Bytes 4-5 in 0.01 % where sent (8044 = 80.44 %), used only when they agree with the whole percent.
        Apply(0x355, 80, 0, 95, 0, 0x6C, 0x1F, 0, 0);
        Assert.That(_state.SocPercent, Is.EqualTo(80.44f).Within(1e-4));
        Apply(0x355, 30, 0, 95, 0, 0x6C, 0x1F, 0, 0);
        Assert.That(_state.SocPercent, Is.EqualTo(30f));
    }

    [Test]
    public void Measurements_0x356_are_volts_x100_signed_amps_x10_and_signed_degrees_x10()
    {
        Assert.That(Apply(0x356, 0xBE, 0x14, 0xF9, 0xFF, 0x8C, 0x00, 0x00, 0x00), Is.EqualTo(FrameRejectReason.None));
        Assert.That(_state.PackVolts, Is.EqualTo(53.10f).Within(1e-4));
        Assert.That(_state.PackCurrentAmps, Is.EqualTo(-0.7f).Within(1e-4), "negative = discharging, as in the manual");
        Assert.That(_state.BatteryTemperatureC, Is.EqualTo(14.0f).Within(1e-4));
        Assert.That((_state.MaxTemperatureC, _state.MinTemperatureC), Is.EqualTo((14, 14)));
        Assert.That(_state.AmpHours, Is.Zero);
        Assert.That(_state.Pack.HasValue, Is.True);

        Apply(0x356, 0x00, 0x00, 0x00, 0x00, 0x38, 0xFF); // -20.0 °C
        Assert.That(_state.BatteryTemperatureC, Is.EqualTo(-20f));
    }

    [Test]
    public void InvertCurrent_is_for_evtv_controllers_and_leaves_a_pylontech_current_alone()
    {
        _decoder.InvertCurrent = true;
        Apply(0x356, 0xBE, 0x14, 0x64, 0x00, 0x8C, 0x00);
        Assert.That(_state.PackCurrentAmps, Is.EqualTo(10f));
    }

    [Test]
    public void Alarms_0x359_requests_0x35C_and_the_name_0x35E()
    {
        Apply(0x359, 0x0A, 0x09, 0x10, 0x00, 0x02, 0x50, 0x4E);
        Assert.Multiple(() =>
        {
            Assert.That(_state.ProtectionFlags, Is.EqualTo(PylontechFlags.CellOrModuleOverVoltage | PylontechFlags.OverTemperature | PylontechFlags.ChargeOverCurrent | PylontechFlags.SystemError));
            Assert.That(PylontechFlags.Keys(_state.ProtectionFlags), Is.EqualTo(new[] { "over_voltage", "over_temperature", "charge_over_current", "system_error" }));
            Assert.That(_state.WarningFlags, Is.EqualTo(PylontechFlags.UnderTemperature));
            Assert.That(_state.PackCount, Is.EqualTo(2));
        });

        Apply(0x35C, 0xC0, 0x00);
        Assert.That(_state.RequestFlags, Is.EqualTo(PylontechFlags.ChargeEnable | PylontechFlags.DischargeEnable));

        Apply(0x35E, 0x50, 0x59, 0x4C, 0x4F, 0x4E, 0x20, 0x20, 0x20);
        Assert.That(_state.ManufacturerName.ToString(), Is.EqualTo("PYLON"));
        Apply(0x35E, 0x42, 0x59, 0x44, 0x00, 0x00, 0x00, 0x00, 0x00);
        Assert.That(_state.ManufacturerName.ToString(), Is.EqualTo("BYD"));
        Apply(0x35E, 0x4A, 0x4B, 0x07, 0x42);
        Assert.That(_state.ManufacturerName.ToString(), Is.EqualTo("JK?B"), "a control character is never drawn");
    }

    [Test]
    public void Cell_extremes_0x373_are_millivolts_and_kelvin()
    {
        Assert.That(Apply(0x373, 0xEA, 0x0C, 0x01, 0x0D, 0x1F, 0x01, 0x22, 0x01), Is.EqualTo(FrameRejectReason.None));
        Assert.That((_state.LowCellMillivolts, _state.HighCellMillivolts, _state.AverageCellMillivolts), Is.EqualTo((3306, 3329, 0)));
        Assert.That((_state.MinTemperatureC, _state.MaxTemperatureC), Is.EqualTo((14, 17)));

        // Once cell temperatures arrive, the single 0x356 temperature no longer overwrites them.
        Apply(0x356, 0xBE, 0x14, 0x00, 0x00, 0xC8, 0x00);
        Assert.That((_state.MinTemperatureC, _state.MaxTemperatureC), Is.EqualTo((14, 17)));
    }

    [TestCase(0x355u, new byte[] { 101, 0, 100, 0 })]
    [TestCase(0x355u, new byte[] { 50, 0, 101, 0 })]
    [TestCase(0x356u, new byte[] { 0, 0, 0, 0, 0x30, 0xF8 })] // -200.0 °C
    [TestCase(0x373u, new byte[] { 0x01, 0x0D, 0xEA, 0x0C, 0x1F, 0x01, 0x22, 0x01 })] // low above high
    [TestCase(0x373u, new byte[] { 0xEA, 0x0C, 0x01, 0x0D, 0x00, 0x00, 0x22, 0x01 })] // 0 K
    public void Impossible_values_are_rejected_whole(uint id, byte[] data)
    {
        Assert.That(Apply(id, data), Is.EqualTo(FrameRejectReason.ValueOutOfRange));
        Assert.That(_state.HasAnyData, Is.False);
        Assert.That(_counters.Rejected(FrameRejectReason.ValueOutOfRange), Is.EqualTo(1));
    }

    [TestCase(0x351u, 5)]
    [TestCase(0x355u, 3)]
    [TestCase(0x356u, 5)]
    [TestCase(0x359u, 3)]
    [TestCase(0x35Cu, 0)]
    [TestCase(0x373u, 7)]
    public void Short_frames_are_rejected(uint id, int length) =>
        Assert.That(Apply(id, new byte[length]), Is.EqualTo(FrameRejectReason.PayloadTooShort));

    [Test]
    public void Auto_takes_the_protocol_of_the_first_frame_and_rejects_the_other()
    {
        Assert.That(_state.Protocol, Is.Null);
        Apply(0x356, 0xBE, 0x14, 0xF9, 0xFF, 0x8C, 0x00);
        Assert.That(_state.Protocol, Is.EqualTo(BatteryProtocol.Pylontech));
        Assert.That(_decoder.ProtocolVersion, Is.EqualTo(1));
        Assert.That(_decoder.Apply(BatteryFrameEncoder.Soc(50), 11), Is.EqualTo(FrameRejectReason.OtherProtocol));
        Assert.That(_state.SocPercent, Is.Zero);
        Assert.That(_counters.Rejected(FrameRejectReason.OtherProtocol), Is.EqualTo(1));
    }

    [Test]
    public void Auto_switches_only_after_a_run_of_the_other_protocol_and_forgets_the_old_battery()
    {
        Apply(0x356, 0xBE, 0x14, 0xF9, 0xFF, 0x8C, 0x00);
        for (int i = 1; i < BatteryDecoder.AutoSwitchAfterFrames; i++)
        {
            Assert.That(_decoder.Apply(BatteryFrameEncoder.Soc(50), 11), Is.EqualTo(FrameRejectReason.OtherProtocol));
            if (i == 10)
            {
                Apply(0x355, 60, 0, 100, 0); // one frame of the battery in use restarts the count
            }
        }

        // 39 EVTV frames since the last Pylontech one: ten more are still rejected, the eleventh switches.
        Assert.That(_state.Protocol, Is.EqualTo(BatteryProtocol.Pylontech));
        for (int i = 0; i < 10; i++)
        {
            Assert.That(_decoder.Apply(BatteryFrameEncoder.Soc(50), 12), Is.EqualTo(FrameRejectReason.OtherProtocol));
        }

        Assert.That(_decoder.Apply(BatteryFrameEncoder.Soc(50), 12), Is.EqualTo(FrameRejectReason.None));

        Assert.That(_state.Protocol, Is.EqualTo(BatteryProtocol.Evtv));
        Assert.That(_state.SocPercent, Is.EqualTo(50f));
        Assert.That(_state.Pack.HasValue, Is.False, "the Pylontech battery's pack values are gone");
        Assert.That(_decoder.ProtocolVersion, Is.EqualTo(2));
    }

    [TestCase(BatteryProtocol.Evtv)]
    [TestCase(BatteryProtocol.Pylontech)]
    public void A_fixed_protocol_never_takes_the_other_one(BatteryProtocol fixedTo)
    {
        _decoder.Protocol = fixedTo;
        CanFrame evtv = BatteryFrameEncoder.Soc(50);
        CanFrame pylon = CanFrame.Create(0x355, [60, 0, 100, 0]);
        for (int i = 0; i < 2 * BatteryDecoder.AutoSwitchAfterFrames; i++)
        {
            _decoder.Apply(fixedTo == BatteryProtocol.Evtv ? pylon : evtv, 1);
        }

        Assert.That(_state.HasAnyData, Is.False);
        Assert.That(_decoder.Apply(fixedTo == BatteryProtocol.Evtv ? evtv : pylon, 1), Is.EqualTo(FrameRejectReason.None));
        Assert.That(_state.Protocol, Is.EqualTo(fixedTo));
    }

    [Test]
    public void The_kernel_filter_for_each_setting()
    {
        Assert.That(BatteryFilters.For(BatteryProtocol.Pylontech), Is.EquivalentTo(new uint[] { 0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E, 0x373 }));
        Assert.That(BatteryFilters.For(BatteryProtocol.Evtv), Does.Contain(0x150u).And.Not.Contain(0x356u));
        Assert.That(BatteryFilters.For(BatteryProtocol.Auto), Does.Contain(0x150u).And.Contain(0x356u).And.Contain(0x654u));
    }

    [Test]
    public void The_encoder_writes_what_the_decoder_reads()
    {
        _decoder.Apply(BatteryFrameEncoder.PylontechMeasurements(52.5f, -12.5f, 21.5f), 1);
        _decoder.Apply(BatteryFrameEncoder.PylontechLimits(56.0f, 100f, 150f, 46.0f), 1);
        _decoder.Apply(BatteryFrameEncoder.PylontechSocSoh(64, 98), 1);
        _decoder.Apply(BatteryFrameEncoder.PylontechName("SEPLOS"), 1);
        Assert.That((_state.PackVolts, _state.PackCurrentAmps, _state.BatteryTemperatureC), Is.EqualTo((52.5f, -12.5f, 21.5f)));
        Assert.That((_state.ChargeVoltageLimit, _state.ChargeCurrentLimitAmps, _state.DischargeCurrentLimitAmps, _state.DischargeVoltageLimit), Is.EqualTo((56f, 100f, 150f, 46f)));
        Assert.That((_state.SocPercent, _state.SohPercent), Is.EqualTo((64f, 98f)));
        Assert.That(_state.ManufacturerName.ToString(), Is.EqualTo("SEPLOS"));
    }

    [Test]
    public void Random_pylontech_frames_never_throw_and_leave_a_plausible_model()
    {
        uint[] ids = [0x351, 0x355, 0x356, 0x359, 0x35C, 0x35E, 0x373];
        Gen.Select(Gen.Int[0, ids.Length - 1], Gen.Byte.Array[0, 8]).Array[1, 20].Sample(frames =>
        {
            var state = new BatteryState();
            var counters = new FrameCounters();
            var decoder = new BatteryDecoder(state, counters);
            foreach ((int which, byte[] data) in frames)
            {
                decoder.Apply(CanFrame.Create(ids[which], data), 1);
            }

            Assert.That(counters.Accepted + counters.RejectedTotal, Is.EqualTo(frames.Length));
            Assert.That(state.SocPercent, Is.InRange(0f, 100f));
            Assert.That(state.SohPercent, Is.InRange(0f, 100f));
            Assert.That(state.BatteryTemperatureC, Is.InRange(-100f, 200f));
            Assert.That(state.LowCellMillivolts, Is.LessThanOrEqualTo(state.HighCellMillivolts));
            Assert.That(state.MinTemperatureC, Is.LessThanOrEqualTo(state.MaxTemperatureC));
            Assert.That(state.ManufacturerName.Length, Is.InRange(0, 8));
            foreach (char c in state.ManufacturerName)
            {
                Assert.That(c, Is.InRange(' ', '~'));
            }

            Assert.That(state.Protocol, Is.EqualTo(counters.Accepted > 0 ? BatteryProtocol.Pylontech : null));
        }, iter: 5_000);
    }
}
