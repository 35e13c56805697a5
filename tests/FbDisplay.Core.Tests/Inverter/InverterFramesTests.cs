using CsCheck;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Can;
using FbDisplay.Core.Inverter;
using FbDisplay.TestSupport;

namespace FbDisplay.Core.Tests.Inverter;

/// <summary>The inverter link's mapping (docs/inverter.md) and the six frames, checked byte by byte.</summary>
public class InverterFramesTests
{
    private static readonly InverterSettings Defaults = new(ChargeVolts: 0, SeriesCells: 0, DischargeAmps: 100, BalanceVolts: 4.10);

    private ManualTimeProvider _time = null!;
    private BatteryState _state = null!;
    private BatteryDecoder _decoder = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider();
        _state = new BatteryState();
        _decoder = new BatteryDecoder(_state, new FrameCounters());
    }

    /// <summary>One second of an EVTV controller: 12 cells (two modules), 48.6 V, +20 A, 77 %, 25 °C, cutoffs 4.2/3.0 V, TCCH 35 A.</summary>
    internal static void Controller(BatteryDecoder decoder, long now, ControllerFlags flags = ControllerFlags.ChargeEnabled, int fault = 0, bool cellCounts = true)
    {
        decoder.Apply(BatteryFrameEncoder.Pack(20f, 48.6f, 100f, 25, 18), now);
        decoder.Apply(BatteryFrameEncoder.Soc(77f), now);
        decoder.Apply(cellCounts ? BatteryFrameEncoder.CellSummary(4.02f, 4.08f, 4.05f, 12, 12) : BatteryFrameEncoder.CellSummary(4.02f, 4.08f, 4.05f), now);
        decoder.Apply(BatteryFrameEncoder.Cutoffs(4.2f, 3.0f), now);
        decoder.Apply(BatteryFrameEncoder.ControllerStatus(flags, fault), now);
        decoder.Apply(BatteryFrameEncoder.ChargeCommand(4.15f, 35f), now);
    }

    private CanFrame[] Frames(in InverterSettings settings)
    {
        Assert.That(InverterFrames.TryMap(_state, settings, _time, _time.GetTimestamp(), out InverterValues v), Is.EqualTo(InverterDataState.Fresh));
        var frames = new CanFrame[InverterFrames.Count];
        InverterFrames.Encode(v, frames);
        return frames;
    }

    private static string Hex(in CanFrame f) => $"{f.Id:X3}#{Convert.ToHexString(f.Payload)}";

    [Test]
    public void Fresh_controller_data_gives_the_six_frames_of_docs_inverter_md()
    {
        Controller(_decoder, _time.GetTimestamp());
        CanFrame[] f = Frames(Defaults);
        Assert.That(f.Select(x => Hex(x)), Is.EqualTo(new[]
        {
            "351#EC015E01E8036801", // 4.10 V x 12 = 49.2 V; TCCH 35.0 A; 100.0 A; 3.0 V x 12 = 36.0 V
            "355#4D006400",         // 77 %, SOH 100 %
            "356#FC12C800FA00",     // 48.60 V, +20.0 A, 25.0 °C (the hottest)
            "359#0000000001504E",   // no protection, 1 module, "PN"
            "35C#C000",             // charge and discharge enabled
            "35E#4556545620202020", // "EVTV    "
        }));
    }

    [Test]
    public void The_charge_voltage_is_never_the_cutoff()
    {
        Controller(_decoder, _time.GetTimestamp());
        InverterFrames.TryMap(_state, Defaults, _time, _time.GetTimestamp(), out InverterValues v);
        Assert.That(v.ChargeVolts, Is.EqualTo(49.2f).Within(1e-4));
        Assert.That(v.ChargeVolts, Is.LessThan(_state.HighCutoffVolts * 12));
    }

    [Test]
    public void A_fault_sets_its_protection_bit_and_stops_charge_and_discharge()
    {
        Controller(_decoder, _time.GetTimestamp(), fault: ControllerFaults.CellOverVoltage);
        CanFrame[] f = Frames(Defaults);
        Assert.Multiple(() =>
        {
            Assert.That(Hex(f[0]), Is.EqualTo("351#EC01000000006801"), "both current limits 0");
            Assert.That(Hex(f[3]), Is.EqualTo("359#0200000001504E"), "bit 1: over-voltage");
            Assert.That(Hex(f[4]), Is.EqualTo("35C#0000"));
        });
        Assert.That(InverterFrames.Protection(ControllerFaults.CellUnderVoltage), Is.EqualTo(PylontechFlags.CellOrModuleUnderVoltage));
        Assert.That(InverterFrames.Protection(ControllerFaults.ModuleUnderTemperature), Is.EqualTo(PylontechFlags.UnderTemperature));
        Assert.That(InverterFrames.Protection(ControllerFaults.ModuleOverTemperature), Is.EqualTo(PylontechFlags.OverTemperature));
        Assert.That(InverterFrames.Protection(ControllerFaults.VoltageImbalance), Is.EqualTo(PylontechFlags.SystemError));
        Assert.That(InverterFrames.Protection(33), Is.EqualTo(PylontechFlags.SystemError), "an unknown code still protects");
    }

    [Test]
    public void An_open_contactor_stops_charge_and_discharge()
    {
        Controller(_decoder, _time.GetTimestamp(), flags: ControllerFlags.ChargeEnabled | ControllerFlags.PositiveContactorOpen);
        CanFrame[] f = Frames(Defaults);
        Assert.That(Hex(f[0]), Is.EqualTo("351#EC01000000006801"));
        Assert.That(Hex(f[4]), Is.EqualTo("35C#0000"));
    }

    [Test]
    public void Charge_not_enabled_by_0x654_sends_no_charge_current_but_allows_discharge()
    {
        Controller(_decoder, _time.GetTimestamp(), flags: ControllerFlags.None);
        CanFrame[] f = Frames(Defaults);
        Assert.That(Hex(f[0]), Is.EqualTo("351#EC010000E8036801"));
        Assert.That(Hex(f[4]), Is.EqualTo("35C#4000"));
    }

    [Test]
    public void Settings_override_the_charge_voltage_and_the_cell_count()
    {
        Controller(_decoder, _time.GetTimestamp());
        Assert.That(Hex(Frames(Defaults with { ChargeVolts = 50.4 })[0]), Is.EqualTo("351#F8015E01E8036801"));
        Assert.That(Hex(Frames(Defaults with { SeriesCells = 14 })[0]), Is.EqualTo("351#3E025E01E803A401"), "4.10 x 14 = 57.4 V, 3.0 x 14 = 42.0 V");
        Assert.That(Hex(Frames(Defaults with { DischargeAmps = 55.5 })[0]), Is.EqualTo("351#EC015E012B026801"));
    }

    [Test]
    public void Without_cell_counts_the_modules_give_six_cells_each_and_without_either_nothing_is_sent()
    {
        Controller(_decoder, _time.GetTimestamp(), cellCounts: false);
        Assert.That(InverterFrames.TryMap(_state, Defaults, _time, _time.GetTimestamp(), out _), Is.EqualTo(InverterDataState.NoCellCount));
        Assert.That(InverterFrames.TryMap(_state, Defaults with { SeriesCells = 12 }, _time, _time.GetTimestamp(), out _), Is.EqualTo(InverterDataState.Fresh));
        float[] six = [4.0f, 4.0f, 4.0f, 4.0f, 4.0f, 4.0f];
        _decoder.Apply(BatteryFrameEncoder.Cells(0, 2, six), _time.GetTimestamp());
        Assert.That(InverterFrames.SeriesCells(_state, Defaults), Is.EqualTo(12));
    }

    [Test]
    public void Data_older_than_the_window_or_missing_a_group_stops_the_frames()
    {
        Controller(_decoder, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromSeconds(1.4));
        Assert.That(InverterFrames.TryMap(_state, Defaults, _time, _time.GetTimestamp(), out _), Is.EqualTo(InverterDataState.Fresh));
        _time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.That(InverterFrames.TryMap(_state, Defaults, _time, _time.GetTimestamp(), out _), Is.EqualTo(InverterDataState.Stale));

        var lone = new BatteryState();
        var decoder = new BatteryDecoder(lone, new FrameCounters());
        decoder.Apply(BatteryFrameEncoder.Pack(20f, 48.6f, 100f, 25, 18), _time.GetTimestamp());
        decoder.Apply(BatteryFrameEncoder.Soc(77f), _time.GetTimestamp());
        decoder.Apply(BatteryFrameEncoder.Cutoffs(4.2f, 3.0f), _time.GetTimestamp());
        Assert.That(InverterFrames.TryMap(lone, Defaults with { SeriesCells = 12 }, _time, _time.GetTimestamp(), out _), Is.EqualTo(InverterDataState.Stale), "no 0x654: no charge enable known");
    }

    [Test]
    public void Without_a_fresh_TCCH_the_charge_current_is_zero()
    {
        Controller(_decoder, _time.GetTimestamp());
        _time.Advance(TimeSpan.FromSeconds(1));
        long now = _time.GetTimestamp();
        _decoder.Apply(BatteryFrameEncoder.Pack(20f, 48.6f, 100f, 25, 18), now);
        _decoder.Apply(BatteryFrameEncoder.Soc(77f), now);
        _decoder.Apply(BatteryFrameEncoder.Cutoffs(4.2f, 3.0f), now);
        _decoder.Apply(BatteryFrameEncoder.ControllerStatus(ControllerFlags.ChargeEnabled, 0), now);
        _time.Advance(TimeSpan.FromSeconds(1));
        _decoder.Apply(BatteryFrameEncoder.Pack(20f, 48.6f, 100f, 25, 18), _time.GetTimestamp());
        _decoder.Apply(BatteryFrameEncoder.Soc(77f), _time.GetTimestamp());
        _decoder.Apply(BatteryFrameEncoder.Cutoffs(4.2f, 3.0f), _time.GetTimestamp());
        _decoder.Apply(BatteryFrameEncoder.ControllerStatus(ControllerFlags.ChargeEnabled, 0), _time.GetTimestamp());
        Assert.That(Hex(Frames(Defaults)[0]), Is.EqualTo("351#EC010000E8036801"));
    }

    [Test]
    public void Frames_read_back_by_the_Pylontech_decoder_give_the_values_within_their_resolution()
    {
        Gen.Select(Gen.Float[0f, 6000f], Gen.Float[-3000f, 3000f], Gen.Float[0f, 650f], Gen.Int[0, 100], Gen.Float[-40f, 100f], Gen.Int[0, 0x3F], Gen.Bool, Gen.Bool)
            .Sample((volts, amps, limit, soc, temp, fault, charge, discharge) =>
            {
                var v = new InverterValues(volts / 100f, limit, limit / 2f, volts / 120f, soc, 100, volts / 100f, amps, temp,
                    InverterFrames.Protection(fault), charge, discharge);
                var frames = new CanFrame[InverterFrames.Count];
                InverterFrames.Encode(v, frames);
                var state = new BatteryState();
                var decoder = new BatteryDecoder(state, new FrameCounters()) { Protocol = BatteryProtocol.Pylontech };
                foreach (CanFrame f in frames)
                {
                    Assert.That(decoder.Apply(f, 7), Is.EqualTo(FrameRejectReason.None), $"0x{f.Id:X3}");
                }

                Assert.That(state.ChargeVoltageLimit, Is.EqualTo(v.ChargeVolts).Within(0.1001));
                Assert.That(state.ChargeCurrentLimitAmps, Is.EqualTo(v.ChargeAmps).Within(0.1001));
                Assert.That(state.DischargeCurrentLimitAmps, Is.EqualTo(v.DischargeAmps).Within(0.1001));
                Assert.That(state.DischargeVoltageLimit, Is.EqualTo(v.DischargeVolts).Within(0.1001));
                Assert.That(state.SocPercent, Is.EqualTo(soc));
                Assert.That(state.SohPercent, Is.EqualTo(100));
                Assert.That(state.PackVolts, Is.EqualTo(v.PackVolts).Within(0.0101));
                Assert.That(state.PackCurrentAmps, Is.EqualTo(amps).Within(0.1001));
                Assert.That(state.BatteryTemperatureC, Is.EqualTo(temp).Within(0.1001));
                Assert.That(state.ProtectionFlags, Is.EqualTo(v.Protection));
                Assert.That((state.RequestFlags & PylontechFlags.ChargeEnable) != 0, Is.EqualTo(charge));
                Assert.That((state.RequestFlags & PylontechFlags.DischargeEnable) != 0, Is.EqualTo(discharge));
                Assert.That(state.ManufacturerName.ToString(), Is.EqualTo("EVTV"));
            }, iter: 2_000);
    }

    [Test]
    public void Auto_ignores_Pylontech_frames_while_the_inverter_link_sends_them()
    {
        _decoder.IgnorePylontech = true;
        Controller(_decoder, _time.GetTimestamp());
        CanFrame[] ours = Frames(Defaults);
        for (int i = 0; i < BatteryDecoder.AutoSwitchAfterFrames * 2; i++)
        {
            Assert.That(_decoder.Apply(ours[i % ours.Length], _time.GetTimestamp()), Is.EqualTo(FrameRejectReason.OtherProtocol));
        }

        Assert.That(_state.Protocol, Is.EqualTo(BatteryProtocol.Evtv));
        Assert.That(_state.BmsLimits.HasValue, Is.False);
    }
}
