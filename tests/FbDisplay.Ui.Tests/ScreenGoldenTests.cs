using FbDisplay.Settings;
using FbDisplay.Ui.Screens;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Tests.Support;
using SkiaSharp;

namespace FbDisplay.Ui.Tests;

/// <summary>
/// Every screen in the states that matter, checked against golden PNGs (see Support/Golden.cs). The same tests write
/// the README's pictures: <c>FBD_WRITE_DOCS=1 dotnet test tests/FbDisplay.Ui.Tests --filter Category=Screens</c>.
/// </summary>
[Category("Screens")]
public class ScreenGoldenTests
{
    private Display _d = null!;

    [SetUp]
    public void SetUp() => _d = new Display();

    [TearDown]
    public void TearDown() => _d.Dispose();

    internal static void Charging(Display d) =>
        d.ApplyPack(95f, 48.9f, 87.5f, 2, i => 4.05f + (0.01f * (i % 4)) - (i == 7 ? 0.04f : 0f), ampHours: -12.4f, maxTemp: 31, minTemp: 27);

    internal static void Discharging(Display d) =>
        d.ApplyPack(-34f, 41.1f, 64.5f, 2, i => 3.42f + (0.01f * (i % 3)) - (i == 4 ? 0.05f : 0f), ampHours: -141.5f, maxTemp: 36, minTemp: 33);

    internal static float Cell240(int i) =>
        3.71f + (0.03f * MathF.Sin(i * 0.37f)) + (i == 100 ? -0.55f : 0f) + (i == 203 ? 0.52f : 0f) + (i % 6 == 0 ? 0.02f : 0f);

    [Test]
    public void The_main_screen_while_charging_shows_green_power_into_the_pack()
    {
        _d.FillHistory(87.5f, 4645f);
        Charging(_d);
        _d.Context.Estimate = Core.Energy.BatteryEstimate.Compute(87.5f, 232, 95f);
        Shots.Check(_d.Picture(), "main_charging");
    }

    [Test]
    public void The_main_screen_while_discharging_shows_red_power_out_of_the_pack()
    {
        _d.FillHistory(64.5f, -1397f);
        Discharging(_d);
        Shots.Check(_d.Picture(), "main_discharging");
    }

    [Test]
    public void The_main_screen_with_stale_data_shows_dashes_not_old_numbers()
    {
        _d.FillHistory(64.5f, -1397f);
        Discharging(_d);
        _d.Time.Advance(TimeSpan.FromSeconds(12));
        Shots.Check(_d.Picture(), "main_stale");
    }

    [Test]
    public void The_main_screen_with_a_contactor_open_says_which_one_since_when_and_the_fault()
    {
        _d.Apply(Core.Can.CanFrame.Create(0x654, [0x28, 0x04])); // positive open, heat enabled, module over-temperature, at 19:19
        _d.Time.Advance(TimeSpan.FromMinutes(1));
        _d.FillHistory(64.5f, -1397f);
        Discharging(_d);
        _d.Apply(Core.Battery.BatteryFrameEncoder.ChargeCommand(4.15f, 0f));
        _d.Apply(Core.Can.CanFrame.Create(0x654, [0x28, 0x04]));
        _d.Apply(Core.Battery.BatteryFrameEncoder.Pack(0f, 41.1f, -141.5f, 36, 33));
        _ = _d.Picture();
        Assert.That(_d.Screens.Main.ControllerState.Visible, Is.True);
        Assert.That(_d.Screens.Main.ControllerState.TitleText.ToString(), Is.EqualTo("CONTACTOR OPEN"));
        Assert.That(_d.Screens.Main.ControllerState.Line1Text.ToString(), Is.EqualTo("positive · since 19:19"));
        Assert.That(_d.Screens.Main.ControllerState.Line2Text.ToString(), Is.EqualTo("fault 4: module over-temperature"));
        Shots.Check(_d.Picture(), "main_contactor_open");
    }

    [Test]
    public void The_main_screen_with_a_fault_names_it_and_says_since_when()
    {
        _d.FillHistory(64.5f, -1397f);
        Discharging(_d);
        _d.Apply(Core.Can.CanFrame.Create(0x654, [0x40, 0x03])); // closed, charge off, USB power, module under-temperature
        _d.Time.Advance(TimeSpan.FromSeconds(1));
        _ = _d.Picture();
        Assert.That(_d.Screens.Main.ControllerState.TitleText.ToString(), Is.EqualTo("FAULT 3"));
        Assert.That(_d.Screens.Main.ControllerState.Line1Text.ToString(), Is.EqualTo("module under-temperature"));
        Assert.That(_d.Screens.Main.ControllerFlags.Text.ToString(), Is.EqualTo("CHARGE OFF · HEAT OFF · USB POWER"));
        Shots.Check(_d.Picture(), "main_fault");
    }

    [Test]
    public void The_panel_disappears_when_the_controller_closes_the_contactor_and_clears_the_fault()
    {
        Discharging(_d);
        _d.Apply(Core.Can.CanFrame.Create(0x654, [0x30, 0x01]));
        _ = _d.Picture();
        Assert.That(_d.Screens.Main.ControllerState.TitleText.ToString(), Is.EqualTo("CONTACTORS OPEN"));
        _d.Apply(Core.Can.CanFrame.Create(0x654, [0x04, 0x00]));
        _ = _d.Picture();
        Assert.That(_d.Screens.Main.ControllerState.Visible, Is.False);
        Assert.That(_d.Screens.Main.ControllerFlags.Text.ToString(), Is.EqualTo("CHARGE ON · HEAT OFF · PACK POWER"));
    }

    [Test]
    public void The_limits_page_shows_the_charge_command_beside_the_limits()
    {
        Charging(_d);
        _d.Apply(Core.Battery.BatteryFrameEncoder.ChargeCommand(4.15f, 35.5f));
        _d.Show(ScreenId.Settings);
        Shots.Check(_d.Picture(), "settings_limits_tcch");
        Assert.That(_d.Screens.Limits.ChargeCommand.Text.ToString(), Is.EqualTo("CHARGE COMMAND (TCCH) 35.5 A  ·  FREQUENCY SHIFT AT 4.15 V"));
    }

    /// <summary>A 51.2 V LiFePO4 pack on the Pylontech protocol: no cells, no amp-hours, no controller limits.</summary>
    internal static void Pylontech(Display d, float amps = -27.4f)
    {
        d.Apply(Core.Battery.BatteryFrameEncoder.PylontechName("PYLON"));
        d.Apply(Core.Battery.BatteryFrameEncoder.PylontechLimits(56.0f, 100f, 150f, 46.0f));
        d.Apply(Core.Battery.BatteryFrameEncoder.PylontechSocSoh(71, 98));
        d.Apply(Core.Battery.BatteryFrameEncoder.PylontechMeasurements(52.34f, amps, 23.5f));
        d.Apply(Core.Battery.BatteryFrameEncoder.PylontechAlarms(0, 0, 2));
        d.Apply(Core.Battery.BatteryFrameEncoder.PylontechRequests(0xC0));
    }

    [Test]
    public void A_pylontech_battery_without_cell_data_shows_what_it_sends_and_says_what_it_does_not()
    {
        _d.FillHistory(71f, -1434f);
        Pylontech(_d);
        _ = _d.Picture();
        MainScreen main = _d.Screens.Main;
        Assert.Multiple(() =>
        {
            Assert.That(main.AverageCell.Text.ToString(), Is.EqualTo("n/a"), "not sent is not 0 V");
            Assert.That(main.CellsNotSent.Visible, Is.True);
            Assert.That(main.Soc.Text.ToString(), Is.EqualTo("71.0 %"));
            Assert.That(main.PackVolts.Text.ToString(), Is.EqualTo("52.3 V"));
            Assert.That(main.Footer.Text.ToString(), Does.EndWith("PYLONTECH · PYLON"));
            Assert.That(main.ControllerFlags.Text.ToString(), Is.EqualTo("CHARGE ON · DISCHARGE ON"));
            Assert.That(main.ControllerState.Visible, Is.False);
        });
        Shots.Check(_d.Picture(), "main_pylontech");
    }

    [Test]
    public void A_pylontech_battery_that_trips_a_protection_says_which()
    {
        Pylontech(_d, amps: 0f);
        _d.Apply(Core.Battery.BatteryFrameEncoder.PylontechAlarms(Core.Battery.PylontechFlags.UnderTemperature, 0, 2));
        _ = _d.Picture();
        Assert.That(_d.Screens.Main.ControllerState.TitleText.ToString(), Is.EqualTo("BMS PROTECTION"));
        Assert.That(_d.Screens.Main.ControllerState.Line1Text.ToString(), Is.EqualTo("under-temperature"));
    }

    [Test]
    public void The_limits_page_of_a_pylontech_battery_shows_its_own_limits_read_only()
    {
        Pylontech(_d);
        _d.Show(ScreenId.Settings);
        Shots.Check(_d.Picture(), "settings_limits_pylontech");
        LimitsSettingsPage page = _d.Screens.Limits;
        Assert.That(page.IsReadOnly, Is.True);
        Assert.That(page.HighCutoff.Visible, Is.False);
        Assert.That(page.Save.Enabled, Is.False);
        Assert.That(page.BmsValues.Select(v => v.Text.ToString()), Is.EqualTo(new[] { "56.0 V", "100.0 A", "150.0 A", "46.0 V", "98 %" }));
    }

    [Test]
    public void The_cell_screen_of_a_pylontech_battery_says_it_sends_no_cells()
    {
        Pylontech(_d);
        _d.Show(ScreenId.Cells);
        _ = _d.Picture();
        Assert.That(_d.Screens.Cells.Waiting.Text.ToString(), Does.Contain("sends no cell voltages"));
    }

    [Test]
    public void The_main_screen_before_any_data_says_where_it_is_listening()
    {
        Shots.Check(_d.Picture(), "main_waiting");
    }

    [Test]
    public void The_soc_log_at_1_second_per_bar_shows_the_last_11_7_minutes()
    {
        _d.FillHistory(64.5f, -1397f);
        Discharging(_d);
        _d.Show(ScreenId.SocLog);
        _d.Screens.SocLog.SetSecondsPerBar(1);
        Shots.Check(_d.Picture(), "soc_1s");
    }

    [Test]
    public void The_soc_log_at_512_seconds_per_bar_shows_four_days()
    {
        _d.FillHistory(64.5f, -1397f);
        Discharging(_d);
        _d.Show(ScreenId.SocLog);
        _d.Screens.SocLog.SetSecondsPerBar(512);
        Shots.Check(_d.Picture(), "soc_512s");
    }

    [Test]
    public void The_cell_screen_with_12_cells_draws_two_modules_of_wide_bars()
    {
        Charging(_d);
        _d.Show(ScreenId.Cells);
        Shots.Check(_d.Picture(), "cells_12");
    }

    [Test]
    public void The_cell_screen_with_240_cells_marks_cutoffs_and_dims_stale_modules()
    {
        _d.ApplyPack(-20f, 890.4f, 62f, 40, Cell240);
        _d.Time.Advance(TimeSpan.FromSeconds(6));
        _d.ApplyCells(40, Cell240, include: m => m is not (17 or 18));
        _d.Apply(Core.Battery.BatteryFrameEncoder.CellSummary(3.16f, 4.23f, 3.71f));
        _d.Show(ScreenId.Cells);
        Shots.Check(_d.Picture(), "cells_240");
    }

    [Test]
    public void The_cell_screen_before_any_cells_says_it_is_waiting()
    {
        _d.Show(ScreenId.Cells);
        Shots.Check(_d.Picture(), "cells_waiting");
    }

    [Test]
    public void The_power_log_shows_a_day_around_the_zero_line_with_kW_labels()
    {
        _d.FillHistory(64.5f, -1397f);
        Discharging(_d);
        _d.Show(ScreenId.PowerLog);
        _d.Screens.PowerLog.SetSecondsPerBar(128);
        Shots.Check(_d.Picture(), "power_log");
    }

    [Test]
    public void The_power_log_at_4x_magnifies_small_powers()
    {
        _d.FillHistory(64.5f, -1397f);
        Discharging(_d);
        _d.Show(ScreenId.PowerLog);
        _d.Screens.PowerLog.SetMagnification(4);
        Shots.Check(_d.Picture(), "power_log_4x");
    }

    [Test]
    public void The_limits_page_starts_from_the_controllers_cutoffs()
    {
        Discharging(_d);
        _d.Show(ScreenId.Settings);
        Shots.Check(_d.Picture(), "settings_limits");
    }

    [Test]
    public void The_communications_page_shows_ports_ids_and_mqtt_mode()
    {
        _d.Backend.Values["Udp:Port"] = "6500";
        _d.Backend.Values["Mqtt:Mode"] = "Sender";
        _d.Backend.Values["Mqtt:BmsId"] = "riverhouse";
        _d.Backend.Values["Mqtt:DisplayId"] = "kitchen";
        _d.Backend.Values[Catalog.Mqtt.Url.Key] = "mqtts://a2718fm89xva84-ats.iot.us-east-1.amazonaws.com:8883";
        _d.Show(ScreenId.SettingsComms);
        Shots.Check(_d.Picture(), "settings_comms");
    }

    [Test]
    public void The_alarm_page_shows_each_threshold_in_the_owners_units()
    {
        _d.Backend.Values["Alarms:CellSpread:Threshold"] = "120";
        _d.Context.TemperatureUnit = Core.Units.TemperatureUnit.Fahrenheit;
        _d.Show(ScreenId.SettingsAlarms);
        _d.Tick();
        Assert.That(_d.Screens.AlarmSettings.Spread.Value, Is.EqualTo(120f), "what the settings say");
        Assert.That(_d.Screens.AlarmSettings.Hot.ValueText.ToString(), Is.EqualTo("122 °F"), "the 50 °C default");
        _d.Tap(_d.Screens.AlarmSettings.Save);
        Shots.Check(_d.Picture(), "settings_alarms");
    }

    [Test]
    public void The_display_page_shows_brightness_sleep_rotation_calibration_and_the_sharing_password_as_dots()
    {
        _d.Backend.Values["Display:Brightness"] = "80";
        _d.Backend.Values["Display:SleepMinutes"] = "15";
        _d.Backend.Values[Catalog.Vnc.Password.Key] = "riverbank";
        _d.Show(ScreenId.SettingsDisplay);
        Shots.Check(_d.Picture(), "settings_display");
    }

    [Test]
    public void The_display_page_with_a_new_calibration_and_no_sharing_password_says_both()
    {
        _d.Show(ScreenId.SettingsDisplay);
        _d.Tick();
        _d.Screens.Session.Draft.Set(Catalog.Display.TouchCalibration.Key, "1.01;0;-4;0;0.99;3");
        Shots.Check(_d.Picture(), "settings_display_unsaved");
    }

    [Test]
    public void The_network_page_lists_wifi_with_signal_and_the_address()
    {
        _d.Show(ScreenId.SettingsNetwork);
        _d.Tick();
        _d.Tick();
        Shots.Check(_d.Picture(), "settings_network");
    }

    [Test]
    public void The_system_page_has_the_manuals_buttons_and_an_about_panel()
    {
        _d.Show(ScreenId.SettingsSystem);
        Shots.Check(_d.Picture(), "settings_system");
    }

    [Test]
    public void The_keyboard_shows_the_fields_name_its_text_and_a_caret()
    {
        _d.Show(ScreenId.SettingsComms);
        _d.Tick();
        _d.Tap(_d.Screens.Comms.BmsId);
        foreach (char c in "river")
        {
            _d.Tap(_d.Screens.Keyboard.Pad.KeyRect(Widgets.KeyKind.Character, c).Center());
        }

        _d.Tap(_d.Screens.Keyboard.Pad.KeyRect(Widgets.KeyKind.Shift).Center());
        Shots.Check(_d.Picture(), "keyboard");
    }

    [Test]
    public void The_keyboards_digit_page_and_a_masked_password()
    {
        _d.Show(ScreenId.SettingsNetwork);
        _d.Tick();
        _d.Tap(_d.Screens.Network.List.RowRect(1).Center());
        foreach (char c in "secret")
        {
            _d.Tap(_d.Screens.Keyboard.Pad.KeyRect(Widgets.KeyKind.Character, c).Center());
        }

        _d.Tap(_d.Screens.Keyboard.Pad.KeyRect(Widgets.KeyKind.Page).Center());
        Shots.Check(_d.Picture(), "keyboard_password_digits");
    }

    [Test]
    public void The_reset_log_confirmation_names_what_will_be_lost()
    {
        _d.Show(ScreenId.SettingsSystem);
        _d.Tick();
        _d.Tap(_d.Screens.SystemPage.ResetLog);
        Shots.Check(_d.Picture(), "confirm_reset_log");
    }

    [Test]
    public void The_save_settings_confirmation_warns_that_the_file_holds_secrets()
    {
        _d.Show(ScreenId.SettingsSystem);
        _d.Tick();
        _d.Tap(_d.Screens.SystemPage.SaveSettings);
        Shots.Check(_d.Picture(), "confirm_save_settings");
    }

    [Test]
    public void The_touch_calibration_screen_lights_the_first_target()
    {
        _d.Show(ScreenId.TouchCalibration);
        Shots.Check(_d.Picture(), "touch_calibration");
    }
}

internal static class PixelRectExtensions
{
    public static (int X, int Y) Center(this Core.Display.PixelRect r) => (r.X + (r.Width / 2), r.Y + (r.Height / 2));

    public static void Tap(this Display d, (int X, int Y) p) => d.Tap(p.X, p.Y);
}
