using System.Device.Gpio;
using FbDisplay.Core.Alarms;
using FbDisplay.Linux.Gpio;
using FbDisplay.TestSupport;

namespace FbDisplay.Linux.Tests.Gpio;

public sealed class GpioAlarmPinsTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private ManualTimeProvider _time = null!;
    private FakeGpioDriver _driver = null!;
    private List<string> _log = null!;
    private int _factoryCalls;

    [SetUp]
    public void SetUp()
    {
        _time = new ManualTimeProvider();
        _driver = new FakeGpioDriver(_time);
        _log = [];
        _factoryCalls = 0;
    }

    [TearDown]
    public void TearDown() => _driver.Dispose();

    [Test]
    public void Steady_output_is_on_only_while_an_alarm_of_its_set_is_unacknowledged()
    {
        using var pins = Make(Outputs(new GpioOutputOptions(17, AlarmSet.CellHigh | AlarmSet.SocLow)));
        Assert.That(_driver.ModeOf(17), Is.EqualTo(PinMode.Output));

        Apply(pins, AlarmSet.CellLow, AlarmSet.CellLow);
        Assert.That(_driver.LevelOf(17), Is.EqualTo(PinValue.Low), "an alarm outside the set");
        Apply(pins, AlarmSet.SocLow | AlarmSet.CellLow, AlarmSet.SocLow | AlarmSet.CellLow);
        Assert.That(_driver.LevelOf(17), Is.EqualTo(PinValue.High));
        Apply(pins, AlarmSet.SocLow, AlarmSet.SocLow);
        Assert.That(_driver.LevelOf(17), Is.EqualTo(PinValue.High), "unchanged: no write");
        Apply(pins, AlarmSet.None, AlarmSet.None);
        Assert.That(_driver.LevelOf(17), Is.EqualTo(PinValue.Low));

        Assert.That(_driver.WritesTo(17).Select(w => w.Value), Is.EqualTo(new[] { PinValue.Low, PinValue.High, PinValue.Low }));
        Assert.That(pins.Outputs.Single(), Is.EqualTo(new GpioOutputStatus(17, IsOpen: true, IsOn: false, Switches: 2, Problem: null)));
        Assert.That(pins.Problems, Is.Empty);
        Assert.That(pins.Status, Is.EqualTo("GPIO (gpiochip0): 1 of 1 outputs."));
    }

    [Test]
    public void Active_low_output_opens_high_and_goes_low_when_on()
    {
        using var pins = Make(Outputs(new GpioOutputOptions(22, ActiveLow: true)));
        Assert.That(_driver.WritesTo(22).First().Value, Is.EqualTo(PinValue.High), "opened at its OFF level: a relay board must not click");

        Apply(pins, AlarmSet.MqttDown, AlarmSet.MqttDown);
        Assert.That(_driver.LevelOf(22), Is.EqualTo(PinValue.Low));
        Assert.That(pins.Outputs.Single().IsOn, Is.True);
        Apply(pins, AlarmSet.None, AlarmSet.None);
        Assert.That(_driver.LevelOf(22), Is.EqualTo(PinValue.High));
    }

    [Test]
    public void Update_does_no_io_on_the_callers_thread_and_only_the_latest_value_is_applied()
    {
        using var pins = Make(Outputs(new GpioOutputOptions(17)));
        int writesAtOpen = _driver.WritesTo(17).Count;
        for (int i = 0; i < 1000; i++)
        {
            pins.Update(i % 2 == 0 ? AlarmSet.CellHigh : AlarmSet.None, i % 2 == 0 ? AlarmSet.CellHigh : AlarmSet.None);
        }

        Assert.That(_driver.WritesTo(17), Has.Count.EqualTo(writesAtOpen), "Update itself wrote nothing");
        _time.Advance(TimeSpan.Zero);
        Assert.That(_driver.WritesTo(17), Has.Count.EqualTo(writesAtOpen), "the last value (None) needs no write");

        pins.Update(AlarmSet.CellHigh, AlarmSet.CellHigh);
        pins.Update(AlarmSet.CellLow, AlarmSet.CellLow);
        _time.Advance(TimeSpan.Zero);
        Assert.That(_driver.WritesTo(17), Has.Count.EqualTo(writesAtOpen + 1), "two updates, one write");
    }

    [Test]
    public void Pulsing_output_toggles_every_period_on_the_fake_clock_and_stops_off()
    {
        using var pins = Make(Outputs(new GpioOutputOptions(23, PulseMilliseconds: 500)));
        var start = _driver.WritesTo(23).Count;

        Apply(pins, AlarmSet.CellSpread, AlarmSet.CellSpread);
        _time.Advance(500 * Ms);
        _time.Advance(499 * Ms);
        Assert.That(_driver.LevelOf(23), Is.EqualTo(PinValue.Low), "not yet the next edge");
        _time.Advance(1 * Ms);
        _time.Advance(250 * Ms);
        Apply(pins, AlarmSet.None, AlarmSet.None);
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.That(_driver.WritesTo(23).Skip(start), Is.EqualTo(new[]
        {
            (TimeSpan.Zero, PinValue.High),
            (500 * Ms, PinValue.Low),
            (1000 * Ms, PinValue.High),
            (1250 * Ms, PinValue.Low),
        }));
        Assert.That(pins.Outputs.Single().Switches, Is.EqualTo(4));
    }

    [Test]
    public void Pulsing_output_restarts_in_phase_when_raised_again()
    {
        using var pins = Make(Outputs(new GpioOutputOptions(23, PulseMilliseconds: 200)));
        Apply(pins, AlarmSet.SocLow, AlarmSet.SocLow);
        _time.Advance(200 * Ms);
        Apply(pins, AlarmSet.None, AlarmSet.None); // already off: nothing to write
        _time.Advance(50 * Ms);
        Apply(pins, AlarmSet.SocLow, AlarmSet.SocLow);
        Assert.That(_driver.LevelOf(23), Is.EqualTo(PinValue.High), "on at once");
        _time.Advance(199 * Ms);
        Assert.That(_driver.LevelOf(23), Is.EqualTo(PinValue.High));
        _time.Advance(1 * Ms);
        Assert.That(_driver.LevelOf(23), Is.EqualTo(PinValue.Low));
    }

    [Test]
    public void Acknowledging_silences_an_output_that_follows_unacknowledged_alarms()
    {
        using var pins = Make(Outputs(new GpioOutputOptions(24, PulseMilliseconds: 500)));
        Apply(pins, AlarmSet.CellHigh, AlarmSet.CellHigh);
        Assert.That(_driver.LevelOf(24), Is.EqualTo(PinValue.High));

        Apply(pins, AlarmSet.CellHigh, AlarmSet.None); // acknowledged, still raised
        Assert.That(_driver.LevelOf(24), Is.EqualTo(PinValue.Low));
        int writes = _driver.WritesTo(24).Count;
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(_driver.WritesTo(24), Has.Count.EqualTo(writes), "the buzzer stays quiet");

        Apply(pins, AlarmSet.CellHigh | AlarmSet.CellLow, AlarmSet.CellLow); // a new alarm sounds again
        Assert.That(_driver.LevelOf(24), Is.EqualTo(PinValue.High));
    }

    [Test]
    public void Output_not_silenced_by_acknowledge_stays_on_until_the_alarm_clears()
    {
        using var pins = Make(Outputs(new GpioOutputOptions(25, AlarmSet.CellHigh, SilenceOnAcknowledge: false)));
        Apply(pins, AlarmSet.CellHigh, AlarmSet.CellHigh);
        Apply(pins, AlarmSet.CellHigh, AlarmSet.None);
        Assert.That(_driver.LevelOf(25), Is.EqualTo(PinValue.High), "acknowledged but raised: the charger stays cut");
        Apply(pins, AlarmSet.None, AlarmSet.None);
        Assert.That(_driver.LevelOf(25), Is.EqualTo(PinValue.Low));
    }

    [Test]
    public void Bouncy_button_press_and_release_raise_exactly_one_event()
    {
        using var pins = Make(Button(27));
        int events = 0;
        pins.ButtonPressed += (_, _) => events++;
        Assert.That(_driver.ModeOf(27), Is.EqualTo(PinMode.InputPullUp));
        Assert.That(pins.ButtonUsesEdges, Is.True);
        Assert.That(_driver.CallbackCount(27), Is.EqualTo(1));

        Bounce(27, PinValue.Low, 5, 3, 4, 2); // press: L H L H L, 2-5 ms apart
        _time.Advance(49 * Ms);
        Assert.That(events, Is.Zero, "still inside the debounce time");
        _time.Advance(1 * Ms);
        Assert.That(events, Is.EqualTo(1));

        _time.Advance(TimeSpan.FromSeconds(1)); // held
        Bounce(27, PinValue.High, 3, 3, 1, 6); // release: H L H L H
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(events, Is.EqualTo(1), "the release is not a press");

        Bounce(27, PinValue.Low, 1, 1);
        _time.Advance(100 * Ms);
        Assert.That(events, Is.EqualTo(2), "the second press");
        Assert.That(pins.ButtonPresses, Is.EqualTo(2));
    }

    [Test]
    public void Glitch_shorter_than_the_debounce_time_is_not_a_press()
    {
        using var pins = Make(Button(27));
        int events = 0;
        pins.ButtonPressed += (_, _) => events++;
        _driver.SetInput(27, PinValue.Low);
        _time.Advance(10 * Ms);
        _driver.SetInput(27, PinValue.High);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(events, Is.Zero);
    }

    [Test]
    public void Glitch_while_the_button_is_held_is_not_a_second_press()
    {
        using var pins = Make(Button(27));
        int events = 0;
        pins.ButtonPressed += (_, _) => events++;
        _driver.SetInput(27, PinValue.Low);
        _time.Advance(100 * Ms);
        Bounce(27, PinValue.Low, 2); // contact chatter while held: L H L
        _time.Advance(100 * Ms);
        Assert.That(events, Is.EqualTo(1));
    }

    [Test]
    public void Button_held_at_start_up_counts_only_after_release_and_a_new_press()
    {
        _driver.SetInput(27, PinValue.Low);
        using var pins = Make(Button(27));
        int events = 0;
        pins.ButtonPressed += (_, _) => events++;
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(events, Is.Zero);
        _driver.SetInput(27, PinValue.High);
        _time.Advance(100 * Ms);
        _driver.SetInput(27, PinValue.Low);
        _time.Advance(100 * Ms);
        Assert.That(events, Is.EqualTo(1));
    }

    [Test]
    public void Button_is_polled_when_the_driver_has_no_edge_events()
    {
        _driver.SupportsEdges = false;
        using var pins = Make(Button(27));
        int events = 0;
        pins.ButtonPressed += (_, _) => events++;
        Assert.That(pins.ButtonUsesEdges, Is.False);
        Assert.That(pins.Status, Does.Contain("polled"));

        _driver.SetInput(27, PinValue.Low);
        _time.Advance(GpioAlarmPins.PollInterval); // the poll sees low
        _driver.SetInput(27, PinValue.High);
        _time.Advance(GpioAlarmPins.PollInterval); // a bounce the poll happens to see
        _driver.SetInput(27, PinValue.Low);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.That(events, Is.EqualTo(1));

        _driver.SetInput(27, PinValue.High);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        Assert.That(events, Is.EqualTo(1));
    }

    [Test]
    public void Active_high_button_uses_a_pull_down()
    {
        using var pins = Make(new GpioOptions { Button = new GpioButtonOptions(5, ActiveLow: false) });
        int events = 0;
        pins.ButtonPressed += (_, _) => events++;
        Assert.That(_driver.ModeOf(5), Is.EqualTo(PinMode.InputPullDown));
        _driver.SetInput(5, PinValue.High);
        _time.Advance(100 * Ms);
        Assert.That(events, Is.EqualTo(1));
    }

    [Test]
    public void Driver_without_pull_resistors_opens_the_button_as_plain_input_and_says_so()
    {
        _driver.SupportsPulls = false;
        using var pins = Make(Button(27));
        Assert.That(_driver.ModeOf(27), Is.EqualTo(PinMode.Input));
        Assert.That(pins.Problems.Single(), Does.Contain("GPIO27 (gpiochip0)").And.Contain("external pull-up"));
    }

    [Test]
    public void A_throwing_ButtonPressed_handler_is_counted_and_does_not_escape()
    {
        using var pins = Make(Button(27));
        pins.ButtonPressed += (_, _) => throw new InvalidOperationException("boom");
        _driver.SetInput(27, PinValue.Low);
        Assert.DoesNotThrow(() => _time.Advance(100 * Ms));
        Assert.That(pins.Errors, Is.EqualTo(1));
        Assert.That(_log.Single(), Does.Contain("GPIO27").And.Contain("boom"));
    }

    [Test]
    public void A_pin_that_cannot_be_opened_is_reported_and_the_others_still_work()
    {
        _driver.Broken.Add(17);
        _driver.Broken.Add(27);
        using var pins = Make(Outputs(new GpioOutputOptions(17), new GpioOutputOptions(22)) with { Button = new GpioButtonOptions(27) });

        Assert.That(pins.Problems, Has.Count.EqualTo(2));
        Assert.That(pins.Problems[0], Does.Contain("GPIO17 (gpiochip0): cannot open as an output").And.Contain("busy"));
        Assert.That(pins.Problems[1], Does.Contain("GPIO27 (gpiochip0): cannot open the button input").And.Contain("busy"));
        Assert.That(_log, Is.EqualTo(pins.Problems));
        Assert.That(pins.Errors, Is.EqualTo(2));
        Assert.That(pins.Status, Is.EqualTo("GPIO (gpiochip0): 1 of 2 outputs, button on GPIO27 failed; 2 problem(s)."));

        Apply(pins, AlarmSet.All, AlarmSet.All);
        Assert.That(_driver.LevelOf(22), Is.EqualTo(PinValue.High));
        Assert.That(_driver.WritesTo(17), Is.Empty);
        Assert.That(pins.Outputs.Select(o => o.IsOpen), Is.EqualTo(new[] { false, true }));
    }

    [Test]
    public void A_failed_write_is_reported_and_retried_by_the_next_update()
    {
        using var pins = Make(Outputs(new GpioOutputOptions(17)));
        _driver.FailWrites.Add(17);
        Apply(pins, AlarmSet.CellHigh, AlarmSet.CellHigh);
        Assert.That(pins.Problems.Single(), Does.StartWith("GPIO17 (gpiochip0): writing ON failed: line 17 write failed"));
        Assert.That(pins.Errors, Is.EqualTo(1));
        Assert.That(pins.Outputs.Single().IsOn, Is.False);

        _driver.FailWrites.Clear();
        Apply(pins, AlarmSet.CellHigh, AlarmSet.CellHigh); // the UI re-sends the state every second
        Assert.That(_driver.LevelOf(17), Is.EqualTo(PinValue.High));
        Assert.That(pins.Problems, Is.Empty);
    }

    [Test]
    public void With_the_system_clock_outputs_are_written_on_a_timer_thread()
    {
        using var driver = new FakeGpioDriver(TimeProvider.System);
        using var pins = new GpioAlarmPins(Outputs(new GpioOutputOptions(17), new GpioOutputOptions(18, PulseMilliseconds: 20)), TimeProvider.System, null, () => new GpioController(driver));
        pins.Update(AlarmSet.All, AlarmSet.All);
        Eventually.True(() => driver.LevelOf(17) == PinValue.High, "GPIO17 on");
        Assert.That(driver.LastWriteThread, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        Eventually.True(() => driver.WritesTo(18).Count >= 4, "GPIO18 pulsing");

        pins.Update(AlarmSet.None, AlarmSet.None);
        Eventually.True(() => driver.LevelOf(17) == PinValue.Low && !pins.Outputs[1].IsOn, "both off");
        pins.Dispose();
        Assert.That(driver.LevelOf(18), Is.EqualTo(PinValue.Low));
    }

    [Test]
    public void No_gpio_on_the_board_gives_a_message_and_nothing_throws()
    {
        var options = Outputs(new GpioOutputOptions(17)) with { Chip = 4 };
        using var pins = new GpioAlarmPins(options, _time, _log.Add, () => throw new IOException("/dev/gpiochip4 does not exist."));

        Assert.That(pins.IsAvailable, Is.False);
        Assert.That(pins.Problems.Single(), Does.StartWith("GPIO unavailable on gpiochip4: /dev/gpiochip4 does not exist."));
        Assert.That(pins.Status, Is.EqualTo(pins.Problems[0]));
        Assert.That(pins.Errors, Is.EqualTo(1));
        Assert.DoesNotThrow(() =>
        {
            pins.Update(AlarmSet.All, AlarmSet.All);
            _time.Advance(TimeSpan.FromSeconds(1));
        });
    }

    [Test]
    public void The_real_controller_on_a_machine_without_gpio_names_the_chip()
    {
        if (File.Exists("/dev/gpiochip0"))
        {
            Assert.Ignore("this machine has /dev/gpiochip0; the fake covers the no-GPIO path");
        }

        using var pins = new GpioAlarmPins(Outputs(new GpioOutputOptions(17)), TimeProvider.System, _log.Add);
        Assert.That(pins.IsAvailable, Is.False);
        Assert.That(pins.Problems.Single(), Does.Contain("/dev/gpiochip0 does not exist"));
        Assert.DoesNotThrow(() => pins.Update(AlarmSet.All, AlarmSet.All));
    }

    [Test]
    public void No_pins_configured_opens_nothing_and_says_nothing()
    {
        using var pins = Make(new GpioOptions());
        Assert.That(_factoryCalls, Is.Zero);
        Assert.That(pins.IsAvailable, Is.False);
        Assert.That(pins.Problems, Is.Empty);
        Assert.That(pins.Status, Is.EqualTo("GPIO: no pins configured."));
        Assert.That(_log, Is.Empty);
    }

    [Test]
    public void Dispose_leaves_every_output_off_and_closes_the_pins()
    {
        var pins = Make(Outputs(
            new GpioOutputOptions(17),
            new GpioOutputOptions(22, ActiveLow: true),
            new GpioOutputOptions(23, PulseMilliseconds: 300)) with { Button = new GpioButtonOptions(27) });
        Apply(pins, AlarmSet.All, AlarmSet.All);
        _time.Advance(300 * Ms);
        _time.Advance(300 * Ms); // the buzzer is in its on phase
        Assert.That(new[] { _driver.LevelOf(17), _driver.LevelOf(22), _driver.LevelOf(23) },
            Is.EqualTo(new[] { PinValue.High, PinValue.Low, PinValue.High }));

        pins.Dispose();

        Assert.That(new[] { _driver.LevelOf(17), _driver.LevelOf(22), _driver.LevelOf(23) },
            Is.EqualTo(new[] { PinValue.Low, PinValue.High, PinValue.Low }));
        Assert.That(_driver.Closed, Is.EquivalentTo(new[] { 17, 22, 23, 27 }));
        Assert.That(_driver.Open, Is.Empty);
        Assert.That(_driver.CallbackCount(27), Is.Zero);
        Assert.That(_driver.Disposed, Is.True, "the controller disposes its driver");

        int writes = _driver.WritesTo(23).Count;
        pins.Update(AlarmSet.All, AlarmSet.All);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(_driver.WritesTo(23), Has.Count.EqualTo(writes), "nothing runs after Dispose");
        Assert.DoesNotThrow(pins.Dispose);
    }

    [Test]
    public void The_alarm_monitor_drives_a_buzzer_through_delay_and_hysteresis_and_acknowledging_silences_it()
    {
        // The whole chain as the app wires it: monitor (fake clock) -> Changed -> pins -> fake driver.
        using var pins = Make(Outputs(new GpioOutputOptions(18, AlarmSet.TemperatureHigh, PulseMilliseconds: 500)));
        var monitor = new AlarmMonitor(_time, new AlarmSettings());
        monitor.Changed += m => pins.Update(m.Raised, m.Unacknowledged);
        var hot = new AlarmInputs { TemperaturesKnown = true, MaxTemperatureC = 55, MinTemperatureC = 20 };
        var warm = hot with { MaxTemperatureC = 48 }; // inside the 3 °C hysteresis below 50
        var cool = hot with { MaxTemperatureC = 40 };

        for (int s = 0; s < 10; s++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            monitor.Evaluate(hot, _time.GetTimestamp());
        }

        _time.Advance(TimeSpan.Zero);
        Assert.That(_driver.LevelOf(18), Is.EqualTo(PinValue.Low), "quiet for the first 9 s of the 10 s delay");
        _time.Advance(TimeSpan.FromSeconds(1));
        monitor.Evaluate(hot, _time.GetTimestamp());
        _time.Advance(TimeSpan.Zero);
        Assert.That(_driver.LevelOf(18), Is.EqualTo(PinValue.High), "raised: the buzzer sounds");
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.That(_driver.LevelOf(18), Is.EqualTo(PinValue.Low), "pulsing: off for half a second");
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.That(_driver.LevelOf(18), Is.EqualTo(PinValue.High), "and on again");

        monitor.Evaluate(warm, _time.GetTimestamp());
        Assert.That(monitor.AcknowledgeAll(), Is.True);
        _time.Advance(TimeSpan.Zero);
        Assert.That(_driver.LevelOf(18), Is.EqualTo(PinValue.Low), "acknowledged: silent");
        int writes = _driver.WritesTo(18).Count;
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.That(_driver.WritesTo(18), Has.Count.EqualTo(writes), "and it stays silent: the pulse stopped");
        Assert.That(monitor.Raised, Is.EqualTo(AlarmSet.TemperatureHigh), "though the alarm is still raised");

        for (int s = 0; s < 11; s++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            monitor.Evaluate(cool, _time.GetTimestamp());
        }

        Assert.That(monitor.Raised, Is.EqualTo(AlarmSet.None), "cleared below the hysteresis after the delay");
        for (int s = 0; s < 11; s++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            monitor.Evaluate(hot, _time.GetTimestamp());
        }

        Assert.That(monitor.Unacknowledged, Is.EqualTo(AlarmSet.TemperatureHigh));
        _time.Advance(TimeSpan.Zero);
        Assert.That(pins.Outputs.Single().IsOn, Is.True, "a new raise sounds again");
    }

    private static GpioOptions Outputs(params GpioOutputOptions[] outputs) => new() { Outputs = outputs };

    private static GpioOptions Button(int pin) => new() { Button = new GpioButtonOptions(pin) };

    private GpioAlarmPins Make(GpioOptions options) =>
        new(options, _time, _log.Add, () =>
        {
            _factoryCalls++;
            return new GpioController(_driver);
        });

    private void Apply(GpioAlarmPins pins, AlarmSet raised, AlarmSet unacknowledged)
    {
        pins.Update(raised, unacknowledged);
        _time.Advance(TimeSpan.Zero); // the apply timer is due now
    }

    /// <summary>Sets <paramref name="final"/>, then alternates the level with the given gaps, ending on <paramref name="final"/>.</summary>
    private void Bounce(int pin, PinValue final, params int[] gapsMs)
    {
        var other = final == PinValue.Low ? PinValue.High : PinValue.Low;
        var level = final;
        _driver.SetInput(pin, level);
        foreach (int gap in gapsMs)
        {
            _time.Advance(gap * Ms);
            level = level == final ? other : final;
            _driver.SetInput(pin, level);
        }

        if (level != final)
        {
            _driver.SetInput(pin, final);
        }
    }
}
