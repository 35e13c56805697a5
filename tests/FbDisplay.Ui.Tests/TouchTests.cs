using FbDisplay.Core.Battery;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Settings;
using FbDisplay.Ui.Screens;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Tests.Support;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Tests;

/// <summary>Fingers on the glass: touch events through the renderer reach every screen and change settings.</summary>
public class TouchTests
{
    private Display _d = null!;

    [SetUp]
    public void SetUp()
    {
        _d = new Display();
        ScreenGoldenTests.Discharging(_d);
        _d.Tick();
    }

    [TearDown]
    public void TearDown() => _d.Dispose();

    [Test]
    public void Tapping_the_soc_opens_the_soc_log_and_a_tap_on_the_graph_returns()
    {
        _d.Tap(MainScreen.SocArea.Center());
        Assert.That(_d.Current, Is.EqualTo(ScreenId.SocLog));

        _d.Tap(400, 240);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Main));
    }

    [Test]
    public void The_soc_log_arrows_double_and_halve_the_seconds_per_bar_between_1_and_512()
    {
        _d.Tap(MainScreen.SocArea.Center());
        SocLogScreen soc = _d.Screens.SocLog;
        Assert.That(soc.SecondsPerBar, Is.EqualTo(1));
        Assert.That(soc.Span.Text.ToString(), Is.EqualTo("last 11.7 minutes · 1 s per bar"));

        for (int i = 0; i < 12; i++)
        {
            _d.Tap(soc.Longer);
        }

        Assert.That(soc.SecondsPerBar, Is.EqualTo(512));
        Assert.That(soc.Span.Text.ToString(), Is.EqualTo("last 4.2 days · 512 s per bar"));
        Assert.That(soc.Longer.Enabled, Is.False);

        _d.Tap(soc.Shorter);
        Assert.That(soc.SecondsPerBar, Is.EqualTo(256));
        Assert.That(_d.Current, Is.EqualTo(ScreenId.SocLog), "arrows do not leave the screen");
    }

    [Test]
    public void Tapping_cell_levels_opens_the_cell_screen_and_any_tap_returns()
    {
        _d.Tap(MainScreen.CellsArea.Center());
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Cells));
        Assert.That(_d.Screens.Cells.CellCount.Text.ToString(), Is.EqualTo("12 cells · 2 modules"));

        _d.Tap(400, 300);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Main));
    }

    [Test]
    public void Tapping_the_power_log_opens_it_its_scale_button_cycles_and_a_tap_on_the_graph_returns()
    {
        _d.Tap(MainScreen.PowerLogArea.Center());
        Assert.That(_d.Current, Is.EqualTo(ScreenId.PowerLog));
        PowerLogScreen p = _d.Screens.PowerLog;

        _d.Tap(p.Scale);
        Assert.That((p.Magnification, p.FullWatts, p.Scale.Text.ToString()), Is.EqualTo((1, 10_000f, "1X")));
        _d.Tap(p.Scale);
        _d.Tap(p.Scale);
        Assert.That((p.Magnification, p.FullWatts), Is.EqualTo((4, 2_500f)));
        _d.Tap(p.Shorter);
        Assert.That(p.SecondsPerBar, Is.EqualTo(8));

        _d.Tap(400, 240);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Main));
    }

    [Test]
    public void The_gear_opens_settings_the_arrows_visit_every_page_and_X_returns_to_main()
    {
        _d.Tap(_d.Screens.Main.Gear);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Settings));

        var seen = new List<ScreenId> { _d.Current };
        for (int i = 0; i < SettingsSession.Pages.Length; i++)
        {
            _d.Tap(((SettingsPage)_d.ActiveScreen).Next);
            seen.Add(_d.Current);
        }

        Assert.That(seen, Is.EqualTo(new[]
        {
            ScreenId.Settings, ScreenId.SettingsAlarms, ScreenId.SettingsComms, ScreenId.SettingsDisplay, ScreenId.SettingsNetwork, ScreenId.SettingsSystem, ScreenId.Settings,
        }));

        _d.Tap(((SettingsPage)_d.ActiveScreen).Previous);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.SettingsSystem));
        _d.Tap(_d.Screens.SystemPage.Close);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Main));
    }

    [Test]
    public void A_udp_port_typed_on_the_keyboard_is_saved_only_when_SAVE_is_pressed()
    {
        _d.Backend.Values[Catalog.Udp.Port.Key] = "6500";
        _d.Show(ScreenId.SettingsComms);
        _d.Tick();
        CommsSettingsPage comms = _d.Screens.Comms;

        _d.Tap(comms.UdpPort);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Keyboard));
        KeyboardScreen kb = _d.Screens.Keyboard;
        Assert.That(kb.Text, Is.EqualTo("6500"));
        Assert.That(kb.Pad.Page, Is.EqualTo(1), "a port opens on the digits");
        _d.Tap(kb.Pad.KeyRect(KeyKind.Backspace).Center());
        _d.Tap(kb.Pad.KeyRect(KeyKind.Character, '1').Center());
        Assert.That(kb.Text, Is.EqualTo("6501"));
        _d.Tap(kb.Ok);

        Assert.That(_d.Current, Is.EqualTo(ScreenId.SettingsComms));
        Assert.That(comms.UdpPort.Value, Is.EqualTo("6501"));
        Assert.That(_d.Backend.Saved, Is.Empty, "nothing takes effect until SAVE");

        _d.Tap(comms.Save);
        Assert.That(_d.Backend.Saved, Has.Count.EqualTo(1));
        Assert.That(_d.Backend.Saved[0], Is.EqualTo(new Dictionary<string, string> { [Catalog.Udp.Port.Key] = "6501" }));
        Assert.That(comms.Toast.Visible, Is.True);
        Assert.That(comms.Toast.Text.ToString(), Is.EqualTo("Saved 1 setting."));
    }

    [Test]
    public void The_battery_protocol_is_chosen_on_the_comms_page_and_saved_by_SAVE()
    {
        _d.Show(ScreenId.SettingsComms);
        _d.Tick();
        CommsSettingsPage comms = _d.Screens.Comms;
        Assert.That(comms.Protocol.SelectedIndex, Is.Zero, "Auto by default");

        PixelRect pylontech = comms.Protocol.SegmentRect(2);
        _d.Tap(pylontech.X + (pylontech.Width / 2), pylontech.Y + (pylontech.Height / 2));
        Assert.That(comms.Protocol.SelectedIndex, Is.EqualTo(2));
        Assert.That(_d.Backend.Saved, Is.Empty);
        _d.Tap(comms.Save);
        Assert.That(_d.Backend.Saved, Has.Count.EqualTo(1));
        Assert.That(_d.Backend.Saved[0], Is.EqualTo(new Dictionary<string, string> { [Catalog.Battery.Protocol.Key] = "Pylontech" }));
    }

    [Test]
    public void The_screen_sharing_password_is_typed_as_dots_shown_as_dots_and_saved_by_SAVE()
    {
        _d.Show(ScreenId.SettingsDisplay);
        _d.Tick();
        DisplaySettingsPage page = _d.Screens.Display;
        Assert.That(page.SharingPassword.ShownText.ToString(), Is.EqualTo("not set: sharing off"));

        _d.Tap(page.SharingPassword);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Keyboard));
        KeyboardScreen kb = _d.Screens.Keyboard;
        Assert.That(kb.Reveal.Visible, Is.True, "the keyboard masks it (SHOW reveals it on demand)");
        foreach (char c in "riverbank")
        {
            _d.Tap(kb.Pad.KeyRect(KeyKind.Character, c).Center());
        }

        Assert.That(kb.Text, Is.EqualTo("riverbank"));
        _d.Tap(kb.Ok);

        Assert.That(_d.Current, Is.EqualTo(ScreenId.SettingsDisplay));
        Assert.That(page.SharingPassword.Value, Is.EqualTo("riverbank"));
        Assert.That(page.SharingPassword.ShownText.ToString(), Is.EqualTo("•••••••••"), "never in clear on the page");
        Assert.That(_d.Backend.Saved, Is.Empty, "nothing takes effect until SAVE");
        _d.Tap(page.Save);
        Assert.That(_d.Backend.Saved.Single(), Is.EqualTo(new Dictionary<string, string> { [Catalog.Vnc.Password.Key] = "riverbank" }));
    }

    [Test]
    public void A_port_out_of_range_is_refused_on_the_keyboard_with_a_reason()
    {
        _d.Show(ScreenId.SettingsComms);
        _d.Tick();
        _d.Tap(_d.Screens.Comms.UdpPort);
        KeyboardScreen kb = _d.Screens.Keyboard;
        for (int i = 0; i < 4; i++)
        {
            _d.Tap(kb.Pad.KeyRect(KeyKind.Backspace).Center());
        }

        _d.Tap(kb.Pad.KeyRect(KeyKind.Character, '0').Center());
        _d.Tap(kb.Ok);

        Assert.That(_d.Current, Is.EqualTo(ScreenId.Keyboard));
        Assert.That(kb.Problem.Text.ToString(), Does.Contain("a port (1-65535)"));
        _d.Tap(kb.Cancel);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.SettingsComms));
        Assert.That(_d.Screens.Session.Draft.HasChanges, Is.False);
    }

    [Test]
    public void Shift_capitalises_one_letter_and_the_page_key_switches_to_symbols()
    {
        _d.Show(ScreenId.SettingsComms);
        _d.Tick();
        _d.Tap(_d.Screens.Comms.BmsId);
        KeyboardPad pad = _d.Screens.Keyboard.Pad;
        _d.Tap(pad.KeyRect(KeyKind.Shift).Center());
        _d.Tap(pad.KeyRect(KeyKind.Character, 'r').Center());
        _d.Tap(pad.KeyRect(KeyKind.Character, 'h').Center());
        _d.Tap(pad.KeyRect(KeyKind.Page).Center());
        _d.Tap(pad.KeyRect(KeyKind.Character, '7').Center());
        _d.Tap(pad.KeyRect(KeyKind.Space).Center());
        _d.Tap(pad.KeyRect(KeyKind.Backspace).Center());

        Assert.That(_d.Screens.Keyboard.Text, Is.EqualTo("Rh7"));
    }

    [Test]
    public void Every_key_is_big_enough_for_a_finger()
    {
        KeyboardPad pad = _d.Screens.Keyboard.Pad;
        foreach (int page in new[] { 0, 1 })
        {
            pad.Page = page;
            foreach (char c in page == 0 ? "qwertyuiopasdfghjklzxcvbnm/:.-_" : "1234567890@#$%&*+=!()'\",;?~")
            {
                PixelRect r = pad.KeyRect(KeyKind.Character, c);
                Assert.That((r.Width >= 60, r.Height >= 56, pad.Bounds.Contains(r.X, r.Y), r.Right <= pad.Bounds.Right), Is.EqualTo((true, true, true, true)), $"key '{c}' is {r}");
            }
        }
    }

    [Test]
    public void Moving_a_limit_slider_and_pressing_SAVE_sends_the_limits_to_the_controller()
    {
        _d.Tap(_d.Screens.Main.Gear);
        LimitsSettingsPage limits = _d.Screens.Limits;
        Assert.That(limits.HighCutoff.Value, Is.EqualTo(4.20f).Within(0.001f), "starts from the controller's 0x652");
        Assert.That(limits.LowCutoff.Value, Is.EqualTo(3.20f).Within(0.001f));

        PixelRect b = limits.Capacity.Bounds;
        _d.Drag(b.X + 200, b.Y + (b.Height / 2), b.X + 30, b.Y + (b.Height / 2));
        _d.Tap(b.Right + 30, b.Y + (b.Height / 2)); // the + button: one amp-hour up
        float capacity = limits.Capacity.Value;
        Assert.That(capacity, Is.LessThan(232f));
        Assert.That(_d.Backend.LimitsSent, Is.Empty);

        _d.Tap(limits.Save);
        _d.Tick();

        Assert.That(_d.Backend.LimitsSent, Has.Count.EqualTo(1));
        ControllerLimits sent = _d.Backend.LimitsSent[0];
        Assert.That((sent.CapacityAmpHours, sent.HighCellCutoffVolts, sent.LowCellCutoffVolts), Is.EqualTo((capacity, 4.2f, 3.2f)));
        Assert.That(limits.Toast.Text.ToString(), Does.Contain("Limits sent"));
        Assert.That(_d.Backend.Values[Catalog.Controller.CapacityAh.Key], Is.EqualTo(capacity.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(_d.Screens.Session.Draft.HasChanges, Is.False);
    }

    [Test]
    public void A_refused_limit_change_says_so_and_stays_unsaved()
    {
        _d.Backend.LimitsAnswer = new ControllerSendResult(ControllerSendStatus.NoControllerKnown, "No controller known yet: no UDP frame has arrived.");
        _d.Show(ScreenId.Settings);
        _d.Tick();
        LimitsSettingsPage limits = _d.Screens.Limits;
        PixelRect plus = new(730, limits.Balance.Bounds.Y + 2, 54, 44);
        _d.Tap(plus.Center());
        _d.Tap(limits.Save);
        _d.Tick();

        Assert.That(limits.Toast.Text.ToString(), Does.StartWith("No controller known yet"));
        Assert.That(_d.Screens.Session.Draft.IsChanged(Catalog.Controller.Limit(ControllerSetting.BalanceVoltage).Key), Is.True);
        Assert.That(_d.Backend.Saved, Is.Empty);
    }

    [Test]
    public void Mqtt_mode_and_database_toggle_change_by_tap_and_X_with_changes_asks_before_discarding()
    {
        _d.Show(ScreenId.SettingsComms);
        _d.Tick();
        CommsSettingsPage comms = _d.Screens.Comms;
        _d.Tap(comms.Mqtt.SegmentRect(2).Center());
        _d.Tap(comms.Database.SegmentRect(0).Center()); // on by default: off is the change
        Assert.That(_d.Screens.Session.Draft.Changes, Is.EquivalentTo(new Dictionary<string, string>
        {
            [Catalog.Mqtt.Mode.Key] = "Receiver",
            [Catalog.History.Enabled.Key] = "false",
        }));
        Assert.That(comms.Explain.Text.ToString(), Does.StartWith("RECEIVER"));

        _d.Tap(comms.Close);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Confirm));
        _d.Tap(_d.Screens.Confirm.Cancel);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.SettingsComms));
        Assert.That(_d.Screens.Session.Draft.HasChanges, Is.True);

        _d.Tap(comms.Close);
        _d.Tap(_d.Screens.Confirm.Action);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Main));
        Assert.That(_d.Screens.Session.Draft.HasChanges, Is.False);
        Assert.That(_d.Backend.Saved, Is.Empty);
    }

    [Test]
    public void Reset_log_asks_first_and_erases_only_after_confirmation()
    {
        _d.Show(ScreenId.SettingsSystem);
        _d.Tick();
        _d.Tap(_d.Screens.SystemPage.ResetLog);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Confirm));
        Assert.That(_d.Backend.ResetLogCalls, Is.Zero);

        _d.Tap(_d.Screens.Confirm.Action);
        _d.Tick();

        Assert.That(_d.Backend.ResetLogCalls, Is.EqualTo(1));
        Assert.That(_d.Current, Is.EqualTo(ScreenId.SettingsSystem));
        Assert.That(_d.Screens.SystemPage.Toast.Text.ToString(), Is.EqualTo("PowerSafe100.log erased."));
    }

    [Test]
    public void Update_software_shows_each_stage_live_then_the_outcome()
    {
        _d.Backend.PendingUpdate = new TaskCompletionSource<SettingsResult>();
        _d.Show(ScreenId.SettingsSystem);
        _d.Tick();
        _d.Tap(_d.Screens.SystemPage.UpdateSoftware);
        _d.Tap(_d.Screens.Confirm.Action);
        _d.Tick();
        Assert.That(_d.Screens.SystemPage.Toast.Text.ToString(), Is.EqualTo("Looking for an update…"));

        _d.Backend.UpdateProgress = Say.Plain("Downloading 0.2.0: 40 %");
        _d.Tick();
        _d.Tick(); // the page polls the stage, the toast shows it on the next frame
        Assert.That(_d.Screens.SystemPage.Toast.Text.ToString(), Is.EqualTo("Update: Downloading 0.2.0: 40 %"));
        _d.Backend.UpdateProgress = Say.Plain("Installing 0.2.0");
        _d.Tick();
        _d.Tick();
        Assert.That(_d.Screens.SystemPage.Toast.Text.ToString(), Is.EqualTo("Update: Installing 0.2.0"));

        _d.Backend.PendingUpdate.SetResult(SettingsResult.Done("Installed 0.2.0; restarting."));
        _d.Tick();
        _d.Tick();
        Assert.That(_d.Screens.SystemPage.Toast.Text.ToString(), Is.EqualTo("Installed 0.2.0; restarting."));
        _d.Backend.UpdateProgress = Say.Plain("stale stage");
        _d.Tick();
        _d.Tick();
        Assert.That(_d.Screens.SystemPage.Toast.Text.ToString(), Is.EqualTo("Installed 0.2.0; restarting."), "no stages once it is over");
    }

    [Test]
    public void Copy_log_shows_the_backends_answer()
    {
        _d.Show(ScreenId.SettingsSystem);
        _d.Tick();
        _d.Tap(_d.Screens.SystemPage.CopyLog);
        _d.Tick();

        Assert.That(_d.Backend.CopyLogCalls, Is.EqualTo(1));
        Assert.That(_d.Screens.SystemPage.Toast.Text.ToString(), Does.Contain("BATTERY"));
    }

    [Test]
    public void Save_settings_to_usb_warns_of_the_secrets_first_and_then_shows_the_backends_answer()
    {
        _d.Show(ScreenId.SettingsSystem);
        _d.Tick();
        _d.Tap(_d.Screens.SystemPage.SaveSettings);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Confirm));
        Assert.That(_d.Screens.Confirm.Message.Text.ToString(), Does.Contain("passwords").And.Contain("private key").And.Contain("keep the drive safe"));
        Assert.That(_d.Backend.SaveSettingsCalls, Is.Zero, "nothing is written before the owner has read the warning");

        _d.Tap(_d.Screens.Confirm.Action);
        _d.Tick();
        _d.Tick();
        Assert.That(_d.Backend.SaveSettingsCalls, Is.EqualTo(1));
        Assert.That(_d.Screens.SystemPage.Toast.Text.ToString(), Does.StartWith("Saved 14 settings"));
    }

    [Test]
    public void Load_settings_from_usb_asks_first_and_says_why_a_file_was_refused()
    {
        _d.Show(ScreenId.SettingsSystem);
        _d.Tick();
        _d.Tap(_d.Screens.SystemPage.LoadSettings);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Confirm));
        _d.Tap(_d.Screens.Confirm.Cancel);
        Assert.That(_d.Backend.LoadSettingsCalls, Is.Zero, "CANCEL loads nothing");

        _d.Tap(_d.Screens.SystemPage.LoadSettings);
        _d.Tap(_d.Screens.Confirm.Action);
        _d.Tick();
        _d.Tick();
        Assert.That(_d.Backend.LoadSettingsCalls, Is.EqualTo(1));
        Assert.That(_d.Screens.SystemPage.Toast.Text.ToString(), Does.Contain("refused").And.Contain("Nothing was changed."));
    }

    [Test]
    public void Joining_a_wifi_network_asks_for_the_password_on_the_keyboard()
    {
        _d.Show(ScreenId.SettingsNetwork);
        _d.Tick();
        NetworkSettingsPage net = _d.Screens.Network;
        Assert.That(net.List.Networks, Has.Count.EqualTo(6));

        _d.Tap(net.List.RowRect(1).Center());
        Assert.That(_d.Current, Is.EqualTo(ScreenId.Keyboard));
        Assert.That(_d.Screens.Keyboard.FieldLabel.Text.ToString(), Is.EqualTo("PASSWORD FOR EVTV-Shop"));
        foreach (char c in "usatoday")
        {
            _d.Tap(_d.Screens.Keyboard.Pad.KeyRect(KeyKind.Character, c).Center());
        }

        Assert.That(_d.Screens.Keyboard.Box.Shown, Is.EqualTo("••••••••"), "masked");
        _d.Tap(_d.Screens.Keyboard.Ok);
        _d.Tick();

        Assert.That(_d.Network.Joined, Is.EqualTo(new[] { ("EVTV-Shop", "usatoday") }));
        Assert.That(net.Toast.Text.ToString(), Is.EqualTo("Connected to EVTV-Shop."));
    }

    [Test]
    public void A_text_field_drawn_again_looks_the_same()
    {
        _d.Show(ScreenId.SettingsNetwork);
        _d.Tick();
        NetworkSettingsPage net = _d.Screens.Network;
        using SkiaSharp.SKBitmap first = _d.Picture();
        net.Address.Invalidate();
        net.Dns.Invalidate();
        using SkiaSharp.SKBitmap again = _d.Picture();

        int differ = 0;
        foreach (PixelRect r in new[] { net.Address.Bounds, net.Dns.Bounds })
        {
            for (int y = r.Y; y < r.Y + r.Height; y++)
            {
                for (int x = r.X; x < r.X + r.Width; x++)
                {
                    differ += first.GetPixel(x, y) == again.GetPixel(x, y) ? 0 : 1;
                }
            }
        }

        Assert.That(differ, Is.Zero, "the second frame of a field drew its text outlined (the chevron's stroke paint)");
    }

    [Test]
    public void After_joining_the_page_shows_the_new_address()
    {
        _d.Show(ScreenId.SettingsNetwork);
        _d.Tick();
        NetworkSettingsPage net = _d.Screens.Network;
        Assert.That(net.Address.Value, Is.EqualTo("192.168.1.50/24"));
        _d.Network.AddressAfterJoin = new AddressSettings(true, "192.168.77.117/24", "192.168.77.1", "192.168.77.1");

        _d.Tap(net.List.RowRect(1).Center());
        foreach (char c in "usatoday")
        {
            _d.Tap(_d.Screens.Keyboard.Pad.KeyRect(KeyKind.Character, c).Center());
        }

        _d.Tap(_d.Screens.Keyboard.Ok);
        _d.Tick();
        _d.Tick();

        Assert.That(net.Address.Value, Is.EqualTo("192.168.77.117/24"));
        Assert.That(net.Gateway.Value, Is.EqualTo("192.168.77.1"));
        Assert.That(net.Address.Enabled, Is.False, "DHCP: the leased address is shown, not editable");
    }

    [Test]
    public void A_refused_password_says_so_in_the_pages_language()
    {
        _d.Network.ConnectFailure = NetworkResult.Failed("Error: Connection activation failed: Secrets were required, but not provided.", NetworkFailure.WrongPassword);
        _d.Show(ScreenId.SettingsNetwork);
        _d.Tick();
        NetworkSettingsPage net = _d.Screens.Network;

        _d.Tap(net.List.RowRect(1).Center());
        foreach (char c in "wrongpass")
        {
            _d.Tap(_d.Screens.Keyboard.Pad.KeyRect(KeyKind.Character, c).Center());
        }

        _d.Tap(_d.Screens.Keyboard.Ok);
        _d.Tick();

        Assert.That(net.Toast.Text.ToString(), Is.EqualTo("Wrong password for EVTV-Shop: not joined"));
    }

    [Test]
    public void A_static_address_typed_in_is_applied_on_SAVE_through_the_network_manager()
    {
        _d.Show(ScreenId.SettingsNetwork);
        _d.Tick();
        NetworkSettingsPage net = _d.Screens.Network;
        Assert.That(net.Address.Enabled, Is.False, "DHCP: the fields are not editable");

        _d.Tap(net.Method.SegmentRect(1).Center());
        Assert.That(net.Address.Enabled, Is.True);
        _d.Tap(net.Address);
        KeyboardScreen kb = _d.Screens.Keyboard;
        for (int i = 0; i < 3; i++)
        {
            _d.Tap(kb.Pad.KeyRect(KeyKind.Backspace).Center()); // "50/24" -> "5"
        }

        _d.Tap(kb.Pad.KeyRect(KeyKind.Backspace).Center());
        _d.Tap(kb.Pad.KeyRect(KeyKind.Backspace).Center());
        foreach (char c in "72/24")
        {
            _d.Tap(kb.Pad.KeyRect(KeyKind.Character, c).Center());
        }

        _d.Tap(kb.Ok);
        Assert.That(net.Address.Value, Is.EqualTo("192.168.1.72/24"));
        Assert.That(_d.Network.AddressesSet, Is.Empty);

        _d.Tap(net.Save);
        _d.Tick();
        Assert.That(_d.Network.AddressesSet, Is.EqualTo(new[] { new AddressSettings(false, "192.168.1.72/24", "192.168.1.1", "192.168.1.1") }));
        Assert.That(_d.Backend.Saved, Is.Empty, "addresses do not go to the settings file");
    }

    [Test]
    public void A_missing_nmcli_is_reported_on_the_network_page()
    {
        _d.Network.Missing = "nmcli was not found: Wi-Fi needs NetworkManager.";
        _d.Show(ScreenId.SettingsNetwork);
        _d.Tick();

        Assert.That(_d.Screens.Network.Toast.Text.ToString(), Does.Contain("nmcli"));
        Assert.That(_d.Screens.Network.Status.Text.ToString(), Is.EqualTo("Scan failed"));
    }

    [Test]
    public void Calibrating_touch_with_taps_off_by_a_few_pixels_stores_the_correction_on_SAVE()
    {
        _d.Show(ScreenId.SettingsDisplay);
        _d.Tick();
        _d.Tap(_d.Screens.Display.Calibrate);
        Assert.That(_d.Current, Is.EqualTo(ScreenId.TouchCalibration));

        foreach ((int x, int y) in TouchCalibrationScreen.Targets)
        {
            _d.Tap(x + 6, y - 4); // the panel reads 6 px right and 4 px up
        }

        Assert.That(_d.Current, Is.EqualTo(ScreenId.SettingsDisplay));
        string stored = _d.Screens.Session.Draft.Get(Catalog.Display.TouchCalibration.Key);
        Core.Input.TouchCalibration c = DisplaySettingsPage.ParseCalibration(stored);
        (double x2, double y2) = c.Apply(406, 236);
        Assert.That((x2, y2), Is.EqualTo((400d, 240d)).Using<(double, double)>((a, b) => Math.Abs(a.Item1 - b.Item1) < 1e-6 && Math.Abs(a.Item2 - b.Item2) < 1e-6));

        _d.Tap(_d.Screens.Display.Save);
        Assert.That(_d.Backend.Saved.Single().Keys, Is.EqualTo(new[] { Catalog.Display.TouchCalibration.Key }));
    }

    [Test]
    public void Brightness_sleep_and_rotation_are_saved_together()
    {
        _d.Show(ScreenId.SettingsDisplay);
        _d.Tick();
        DisplaySettingsPage page = _d.Screens.Display;
        _d.Tap(page.Brightness.Bounds.X + 20, page.Brightness.Bounds.Y + 28);
        _d.Tap(page.Sleep.SegmentRect(2).Center());
        _d.Tap(page.Rotation.SegmentRect(2).Center());
        _d.Tap(page.Save);

        IReadOnlyDictionary<string, string> saved = _d.Backend.Saved.Single();
        Assert.That(saved[Catalog.Display.SleepMinutes.Key], Is.EqualTo("5"));
        Assert.That(saved[Catalog.Display.Rotation.Key], Is.EqualTo("180"));
        Assert.That(float.Parse(saved[Catalog.Display.Brightness.Key], System.Globalization.CultureInfo.InvariantCulture), Is.LessThan(30f));
    }

    [Test]
    public void A_steady_tick_on_any_screen_allocates_nothing()
    {
        _d.FillHistory(64.5f, -1397f);
        foreach (ScreenId id in Enum.GetValues<ScreenId>())
        {
            _d.Show(id);
            for (int i = 0; i < 5; i++)
            {
                _d.Renderer.Tick();
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 200; i++)
            {
                _d.Renderer.Tick();
            }

            Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, $"{id} allocated");
        }
    }
}
