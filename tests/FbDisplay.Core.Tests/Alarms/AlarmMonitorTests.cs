using FbDisplay.Core.Can;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Alarms;
using FbDisplay.TestSupport;

namespace FbDisplay.Core.Tests.Alarms;

public sealed class AlarmMonitorTests
{
    private ManualTimeProvider _time = null!;
    private AlarmMonitor _monitor = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
        _monitor = new AlarmMonitor(_time, new AlarmSettings());
    }

    /// <summary>A healthy pack: cells 3.30-3.34 V within 2.80-3.60 V cutoffs, 25 °C, 60 %, data flowing, MQTT up.</summary>
    private static AlarmInputs Healthy() => new()
    {
        CellsKnown = true,
        HighCellVolts = 3.34,
        LowCellVolts = 3.30,
        CutoffsKnown = true,
        HighCutoffVolts = 3.60,
        LowCutoffVolts = 2.80,
        TemperaturesKnown = true,
        MaxTemperatureC = 25,
        MinTemperatureC = 20,
        SocKnown = true,
        SocPercent = 60,
        SecondsWithoutData = 0,
        DataFresh = true,
        MqttEnabled = true,
        SecondsMqttDown = 0,
        MqttConnected = true,
        ControllerStatusKnown = true,
        ContactorCode = 0,
        FaultCode = 0,
    };

    /// <summary>For each alarm: a value past the threshold, one inside the hysteresis band (still raised), one clear of it.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        yield return Case(AlarmKind.CellHigh, x => x with { HighCellVolts = 3.62 }, x => x with { HighCellVolts = 3.59 }, x => x with { HighCellVolts = 3.57 });
        yield return Case(AlarmKind.CellLow, x => x with { LowCellVolts = 2.78 }, x => x with { LowCellVolts = 2.81 }, x => x with { LowCellVolts = 2.83 });
        yield return Case(AlarmKind.CellSpread, x => x with { HighCellVolts = 3.50, LowCellVolts = 3.30 }, x => x with { HighCellVolts = 3.43, LowCellVolts = 3.30 }, x => x with { HighCellVolts = 3.40, LowCellVolts = 3.30 });
        yield return Case(AlarmKind.TemperatureHigh, x => x with { MaxTemperatureC = 51 }, x => x with { MaxTemperatureC = 48 }, x => x with { MaxTemperatureC = 46 });
        yield return Case(AlarmKind.TemperatureLow, x => x with { MinTemperatureC = -1 }, x => x with { MinTemperatureC = 1 }, x => x with { MinTemperatureC = 3 });
        yield return Case(AlarmKind.SocLow, x => x with { SocPercent = 14 }, x => x with { SocPercent = 18 }, x => x with { SocPercent = 21 });
        yield return Case(AlarmKind.ControllerLost, x => x with { SecondsWithoutData = 30, DataFresh = false, CellsKnown = false, TemperaturesKnown = false, SocKnown = false }, x => x with { SecondsWithoutData = 0.5, DataFresh = false, CellsKnown = false, TemperaturesKnown = false, SocKnown = false }, x => x with { SecondsWithoutData = 0 });
        yield return Case(AlarmKind.MqttDown, x => x with { SecondsMqttDown = 60, MqttConnected = false }, x => x with { SecondsMqttDown = 0.5, MqttConnected = false }, x => x with { SecondsMqttDown = 0 });
        yield return Case(AlarmKind.ContactorOpen, x => x with { ContactorCode = 2 }, x => x with { ContactorCode = 3 }, x => x with { ContactorCode = 0 });
        yield return Case(AlarmKind.ControllerFault, x => x with { FaultCode = 2 }, x => x with { FaultCode = 9 }, x => x with { FaultCode = 0 });
        yield return Case(AlarmKind.BmsProtection, x => x with { ProtectionKnown = true, ProtectionFlags = PylontechFlags.CellOrModuleOverVoltage }, x => x with { ProtectionKnown = true, ProtectionFlags = PylontechFlags.OverTemperature }, x => x with { ProtectionKnown = true, ProtectionFlags = 0 });

        static TestCaseData Case(AlarmKind kind, Func<AlarmInputs, AlarmInputs> bad, Func<AlarmInputs, AlarmInputs> band, Func<AlarmInputs, AlarmInputs> good) =>
            new TestCaseData(kind, bad, band, good).SetName($"{kind} raises after its delay, holds in the hysteresis band, clears after its delay");
    }

    [TestCaseSource(nameof(Cases))]
    public void Raises_holds_and_clears(AlarmKind kind, Func<AlarmInputs, AlarmInputs> bad, Func<AlarmInputs, AlarmInputs> band, Func<AlarmInputs, AlarmInputs> good)
    {
        TimeSpan delay = _monitor.Settings[kind].Delay;
        Step(Healthy(), 3);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.None), "a healthy pack raises nothing");

        // Bad for one second less than the delay: nothing yet (a zero delay raises at the first bad second).
        AlarmInputs badInputs = bad(Healthy());
        _monitor.Evaluate(badInputs, _time.GetTimestamp());
        for (int s = 1; s < delay.TotalSeconds; s++)
        {
            Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.None), $"raised after {s - 1} s of a {delay.TotalSeconds} s delay");
            Tick(badInputs);
        }

        if (delay > TimeSpan.Zero)
        {
            Tick(badInputs);
        }

        Assert.That(_monitor.Raised, Is.EqualTo(kind.Bit()), "raised once the delay has passed");
        Assert.That(_monitor.Unacknowledged, Is.EqualTo(kind.Bit()));
        Assert.That(_monitor[kind].RaisedAtUnixMilliseconds, Is.EqualTo(_time.GetUtcNow().ToUnixTimeMilliseconds()));
        Assert.That(_monitor.Latest, Is.EqualTo(new AlarmEvent(kind, AlarmEventType.Raised, _time.GetUtcNow().ToUnixTimeMilliseconds(), _monitor[kind].Value)));

        // Inside the hysteresis band for a long time: still raised.
        Step(band(Healthy()), (int)delay.TotalSeconds + 5);
        Assert.That(_monitor.Raised, Is.EqualTo(kind.Bit()), "a value inside the hysteresis band keeps the alarm raised");

        // Clear of the band: cleared after the delay, not before.
        AlarmInputs goodInputs = good(Healthy());
        _monitor.Evaluate(goodInputs, _time.GetTimestamp());
        for (int s = 1; s < delay.TotalSeconds; s++)
        {
            Assert.That(_monitor.Raised, Is.EqualTo(kind.Bit()), $"cleared after {s - 1} s of a {delay.TotalSeconds} s delay");
            Tick(goodInputs);
        }

        if (delay > TimeSpan.Zero)
        {
            Tick(goodInputs);
        }

        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.None), "cleared once the delay has passed");
        Assert.That(_monitor.Latest!.Value.Type, Is.EqualTo(AlarmEventType.Cleared));
        Assert.That(_monitor.RaisedCount(kind), Is.EqualTo(1));
        Assert.That(_monitor.HistoryCount, Is.EqualTo(2));
    }

    [Test]
    public void A_bad_spell_shorter_than_the_delay_raises_nothing()
    {
        AlarmInputs hot = Healthy() with { MaxTemperatureC = 55 };
        for (int round = 0; round < 5; round++)
        {
            Step(hot, 9); // the delay is 10 s
            Step(Healthy(), 1);
        }

        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.None));
        Assert.That(_monitor.HistoryCount, Is.Zero);
    }

    [Test]
    public void Unknown_values_neither_raise_nor_clear()
    {
        Step(Healthy() with { SocPercent = 5 }, 11);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.SocLow));

        // The SOC goes stale (no 0x650) at a healthy value: the alarm holds, nothing is made up.
        Step(Healthy() with { SocKnown = false, SocPercent = 80 }, 60);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.SocLow));

        // And stale cells never raise the cell alarms, whatever the stale numbers say.
        Step(Healthy() with { CellsKnown = false, HighCellVolts = 9, LowCellVolts = 0.1 }, 60);
        Assert.That(_monitor.Raised & (AlarmSet.CellHigh | AlarmSet.CellLow | AlarmSet.CellSpread), Is.EqualTo(AlarmSet.None));
    }

    [Test]
    public void Cell_cutoff_alarms_follow_the_controller_unless_a_threshold_is_set()
    {
        Step(Healthy() with { HighCellVolts = 3.62, CutoffsKnown = false }, 10);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.None), "no cutoffs known and no threshold set: nothing to compare with");

        _monitor.Settings = _monitor.Settings.With(AlarmKind.CellHigh, new AlarmRule(true, 3.55, 0.02, TimeSpan.FromSeconds(5)));
        Step(Healthy() with { HighCellVolts = 3.56, CutoffsKnown = false }, 6);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.CellHigh), "an explicit threshold works without the controller's cutoffs");
    }

    [Test]
    public void Acknowledging_silences_until_the_next_raise()
    {
        int changes = 0;
        _monitor.Changed += _ => changes++;
        Step(Healthy() with { SocPercent = 10 }, 11);
        Assert.That(changes, Is.EqualTo(1));

        Assert.That(_monitor.AcknowledgeAll(), Is.True);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.SocLow));
        Assert.That(_monitor.Unacknowledged, Is.EqualTo(AlarmSet.None));
        Assert.That(_monitor[AlarmKind.SocLow].Acknowledged, Is.True);
        Assert.That(_monitor.Latest!.Value.Type, Is.EqualTo(AlarmEventType.Acknowledged));
        Assert.That(changes, Is.EqualTo(2));
        Assert.That(_monitor.AcknowledgeAll(), Is.False, "nothing left to acknowledge");

        // A second alarm while the first is acknowledged: only it is unacknowledged.
        Step(Healthy() with { SocPercent = 10, MaxTemperatureC = 60 }, 11);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.SocLow | AlarmSet.TemperatureHigh));
        Assert.That(_monitor.Unacknowledged, Is.EqualTo(AlarmSet.TemperatureHigh));

        // Cleared and raised again: a new, unacknowledged alarm.
        Step(Healthy(), 11);
        Step(Healthy() with { SocPercent = 10 }, 11);
        Assert.That(_monitor.Unacknowledged, Is.EqualTo(AlarmSet.SocLow));
        Assert.That(_monitor.RaisedCount(AlarmKind.SocLow), Is.EqualTo(2));
    }

    [Test]
    public void Disabling_a_raised_alarm_clears_it()
    {
        Step(Healthy() with { SocPercent = 10 }, 11);
        _monitor.Settings = _monitor.Settings.With(AlarmKind.SocLow, _monitor.Settings[AlarmKind.SocLow] with { Enabled = false });
        Step(Healthy() with { SocPercent = 10 }, 1);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.None));
    }

    [Test]
    public void Mqtt_off_never_raises_the_link_alarm_and_switching_it_off_clears_it()
    {
        Step(Healthy() with { MqttEnabled = false, MqttConnected = false, SecondsMqttDown = 500 }, 120);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.None));
        Step(Healthy() with { MqttConnected = false, SecondsMqttDown = 60 }, 1);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.MqttDown));
        Step(Healthy() with { MqttEnabled = false, MqttConnected = false, SecondsMqttDown = 61 }, 1);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.None));
    }

    [Test]
    public void A_restart_does_not_clear_restored_link_alarms_before_the_link_is_back()
    {
        // What a restart looks like in the first seconds: nothing arrived yet, the broker not tried yet.
        var restored = new AlarmStatus[AlarmKinds.Count];
        restored[(int)AlarmKind.ControllerLost] = new(true, true, 1, 45);
        restored[(int)AlarmKind.MqttDown] = new(true, true, 1, 90);
        _monitor.Restore(restored, []);
        AlarmInputs starting = Healthy() with
        {
            CellsKnown = false, TemperaturesKnown = false, SocKnown = false, DataFresh = false, SecondsWithoutData = 0.2,
            MqttConnected = false, SecondsMqttDown = 0.2,
        };
        Step(starting, 1);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.ControllerLost | AlarmSet.MqttDown), "still raised, still acknowledged");
        Assert.That(_monitor.Unacknowledged, Is.EqualTo(AlarmSet.None));
        Step(Healthy(), 1);
        Assert.That(_monitor.Raised, Is.EqualTo(AlarmSet.None), "data and the broker are back");
    }

    [Test]
    public void Restored_alarms_stay_raised_until_their_condition_clears_and_history_continues()
    {
        Step(Healthy() with { SocPercent = 10 }, 11);
        _monitor.AcknowledgeAll();
        AlarmStatus[] status = Enum.GetValues<AlarmKind>().Select(k => _monitor[k]).ToArray();
        var history = new AlarmEvent[AlarmMonitor.HistoryCapacity];
        int n = _monitor.CopyHistory(history);

        var restarted = new AlarmMonitor(_time, new AlarmSettings());
        restarted.Restore(status, history.AsSpan(0, n));
        Assert.That(restarted.Raised, Is.EqualTo(AlarmSet.SocLow));
        Assert.That(restarted.Unacknowledged, Is.EqualTo(AlarmSet.None), "an acknowledged alarm stays acknowledged");
        Assert.That(restarted[AlarmKind.SocLow].RaisedAtUnixMilliseconds, Is.EqualTo(status[(int)AlarmKind.SocLow].RaisedAtUnixMilliseconds));
        Assert.That(restarted.HistoryCount, Is.EqualTo(2));

        for (int s = 0; s < 11; s++)
        {
            restarted.Evaluate(Healthy(), _time.GetTimestamp());
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.That(restarted.Raised, Is.EqualTo(AlarmSet.None));
        Assert.That(restarted.HistoryCount, Is.EqualTo(3));
    }

    [Test]
    public void History_is_bounded_and_keeps_the_newest()
    {
        for (int i = 0; i < AlarmMonitor.HistoryCapacity; i++)
        {
            Step(Healthy() with { SocPercent = 10 }, 11);
            Step(Healthy(), 11);
        }

        Assert.That(_monitor.HistoryCount, Is.EqualTo(AlarmMonitor.HistoryCapacity));
        Assert.That(_monitor.History(AlarmMonitor.HistoryCapacity - 1).Type, Is.EqualTo(AlarmEventType.Cleared));
        Assert.That(_monitor.History(0).UnixMilliseconds, Is.LessThan(_monitor.History(1).UnixMilliseconds));
        Assert.That(_monitor.RaisedCount(AlarmKind.SocLow), Is.EqualTo(AlarmMonitor.HistoryCapacity));
    }

    [Test]
    public void A_steady_evaluation_allocates_nothing()
    {
        AlarmInputs x = Healthy() with { SocPercent = 10 };
        Step(x, 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _monitor.Evaluate(x, _time.GetTimestamp());
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void Alarm_sets_parse_from_keys()
    {
        Assert.That(AlarmKinds.TryParseSet("cell_high, SOC_LOW", out AlarmSet set, out _), Is.True);
        Assert.That(set, Is.EqualTo(AlarmSet.CellHigh | AlarmSet.SocLow));
        Assert.That(AlarmKinds.TryParseSet("all", out set, out _), Is.True);
        Assert.That(set, Is.EqualTo(AlarmSet.All));
        Assert.That(AlarmKinds.TryParseSet("cell_high,fire", out _, out string? unknown), Is.False);
        Assert.That(unknown, Is.EqualTo("fire"));
    }

    private void Step(AlarmInputs inputs, int seconds)
    {
        for (int s = 0; s < seconds; s++)
        {
            Tick(inputs);
        }
    }

    private void Tick(AlarmInputs inputs)
    {
        _time.Advance(TimeSpan.FromSeconds(1));
        _monitor.Evaluate(inputs, _time.GetTimestamp());
    }
}

/// <summary>A Pylontech battery's 0x359 protection flags, from the frame to the alarm.</summary>
public class BmsProtectionAlarmTests
{
    [Test]
    public void A_protection_flag_in_0x359_raises_bms_protection_and_its_end_clears_it()
    {
        var time = new ManualTimeProvider();
        var state = new BatteryState();
        var decoder = new BatteryDecoder(state, new FrameCounters());
        var monitor = new AlarmMonitor(time, new AlarmSettings());
        AlarmInputs Inputs() => new()
        {
            ProtectionKnown = state.BmsAlarms.IsFresh(time, time.GetTimestamp(), BatteryState.StaleAfter),
            ProtectionFlags = state.ProtectionFlags,
            DataFresh = true,
        };

        // 0A 09: over-voltage, over-temperature, charge over-current, system error (docs/wire-formats.md).
        decoder.Apply(CanFrame.Create(0x359, [0x0A, 0x09, 0, 0, 1, (byte)'P', (byte)'N']), time.GetTimestamp());
        monitor.Evaluate(Inputs(), time.GetTimestamp());
        Assert.That(monitor.Raised.Contains(AlarmKind.BmsProtection), Is.True);
        Assert.That(monitor[AlarmKind.BmsProtection].Value, Is.EqualTo(0x090A));
        Assert.That(AlarmKind.BmsProtection.Key(), Is.EqualTo("bms_protection"));

        time.Advance(TimeSpan.FromSeconds(1));
        decoder.Apply(CanFrame.Create(0x359, [0, 0, 0x02, 0, 1, (byte)'P', (byte)'N']), time.GetTimestamp()); // a warning only
        monitor.Evaluate(Inputs(), time.GetTimestamp());
        Assert.That(monitor.Raised, Is.EqualTo(AlarmSet.None), "warnings do not raise it, the end of the protection clears it");
    }
}
