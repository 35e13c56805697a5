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
