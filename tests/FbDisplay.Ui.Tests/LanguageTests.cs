using System.Text.RegularExpressions;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Energy;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Screens;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Tests.Support;

namespace FbDisplay.Ui.Tests;

/// <summary>
/// Every screen in every language: each text must fit the room its widget gives it (measured with the font it is drawn
/// with) and every string of the catalogue must be translated. German has golden pictures of its own
/// (<c>Golden/*.de.png</c>; rewrite with FBD_UPDATE_GOLDEN=1 and look at them).
/// </summary>
[Category("Languages")]
public partial class LanguageTests
{
    /// <summary>A state of the display worth seeing: a name, how to get there and the screen to look at.</summary>
    public sealed class Shot
    {
        internal Shot(string name, Action<Display> setup, ScreenId screen) => (Name, Setup, Screen) = (name, setup, screen);

        public string Name { get; }

        public ScreenId Screen { get; }

        internal Action<Display> Setup { get; }

        public override string ToString() => Name;
    }

    public static IEnumerable<DisplayLanguage> Languages => DisplayLanguages.All;

    public static IEnumerable<Shot> Shots =>
    [
        new("main_waiting", _ => { }, ScreenId.Main),
        new("main_charging", Charging, ScreenId.Main),
        new("main_discharging_stale", d =>
        {
            d.FillHistory(64.5f, -1397f, days: 0.5);
            ScreenGoldenTests.Discharging(d);
            d.Apply(Core.Can.CanFrame.Create(0x654, [0x04, 0x00]));
            d.Time.Advance(TimeSpan.FromSeconds(12));
        }, ScreenId.Main),
        new("main_contactor_open", ContactorAndFault, ScreenId.Main),
        new("main_fault", d =>
        {
            ScreenGoldenTests.Discharging(d);
            d.Apply(Core.Can.CanFrame.Create(0x654, [0x40, 0x05]));
            d.Time.Advance(TimeSpan.FromSeconds(1));
        }, ScreenId.Main),
        new("main_pylontech", d => ScreenGoldenTests.Pylontech(d), ScreenId.Main),
        new("main_bms_protection", d =>
        {
            ScreenGoldenTests.Pylontech(d, amps: 0f);
            d.Apply(Core.Battery.BatteryFrameEncoder.PylontechAlarms(Core.Battery.PylontechFlags.DischargeOverCurrent | Core.Battery.PylontechFlags.UnderTemperature, 0, 2));
        }, ScreenId.Main),
        new("main_alarm", d => { Charging(d); RaiseAlarms(d); }, ScreenId.Main),
        new("main_alarm_seen", d => { Charging(d); RaiseAlarms(d); d.Alarms.AcknowledgeAll(); }, ScreenId.Main),
        new("alarms", d => { Charging(d); RaiseAlarms(d); }, ScreenId.Alarms),
        new("alarms_clear", _ => { }, ScreenId.Alarms),
        new("soc_log", Charging, ScreenId.SocLog),
        new("power_log", Charging, ScreenId.PowerLog),
        new("cells", Charging, ScreenId.Cells),
        new("cells_waiting", _ => { }, ScreenId.Cells),
        new("cells_pylontech", d => ScreenGoldenTests.Pylontech(d), ScreenId.Cells),
        new("energy", d => { Charging(d); Counted(d); }, ScreenId.Energy),
        new("energy_unknown", _ => { }, ScreenId.Energy),
        new("settings_limits", d =>
        {
            ScreenGoldenTests.Charging(d);
            d.Apply(Core.Battery.BatteryFrameEncoder.ChargeCommand(4.15f, 35.5f));
        }, ScreenId.Settings),
        new("settings_limits_pylontech", d => ScreenGoldenTests.Pylontech(d), ScreenId.Settings),
        new("settings_alarms", _ => { }, ScreenId.SettingsAlarms),
        new("settings_comms", _ => { }, ScreenId.SettingsComms),
        new("settings_comms_sender", d =>
        {
            d.Show(ScreenId.SettingsComms);
            d.Tick();
            d.Tap(d.Screens.Comms.Mqtt.SegmentRect(1).Center());
        }, ScreenId.SettingsComms),
        new("settings_display", _ => { }, ScreenId.SettingsDisplay),
        new("settings_display_calibrated", d =>
        {
            d.Show(ScreenId.TouchCalibration);
            d.Tick();
            foreach ((int x, int y) in TouchCalibrationScreen.Targets)
            {
                d.Tap(x + 3, y - 2);
            }
        }, ScreenId.SettingsDisplay),
        new("settings_network", d =>
        {
            d.Show(ScreenId.SettingsNetwork);
            d.Tick();
            d.Tick();
        }, ScreenId.SettingsNetwork),
        new("settings_system", d =>
        {
            d.Show(ScreenId.SettingsSystem);
            d.Tick();
            d.Tap(d.Screens.SystemPage.Save); // nothing changed: the toast says so
        }, ScreenId.SettingsSystem),
        new("settings_system_copy_failed", d =>
        {
            // The longest COPY LOG answer, and an About panel with every kind of line (rejections, the update's outcome).
            d.Backend.CopyLogAnswer = SettingsResult.Failed(Say.Of(Tx.CopyPulled, "PowerSafe100.log"));
            d.Backend.AboutAnswer = LongAbout(Say.Of(Tx.UpdateNotInstalled));
            d.Show(ScreenId.SettingsSystem);
            d.Tick();
            d.Tap(d.Screens.SystemPage.CopyLog);
            d.Tick();
        }, ScreenId.SettingsSystem),
        new("settings_system_copied", d =>
        {
            d.Backend.CopyLogAnswer = SettingsResult.Done(Say.Of(Tx.CopyDone, "PowerSafe100.log", 123.4));
            d.Show(ScreenId.SettingsSystem);
            d.Tick();
            d.Tap(d.Screens.SystemPage.CopyLog);
            d.Tick();
        }, ScreenId.SettingsSystem),
        new("settings_system_updating", d =>
        {
            d.Backend.PendingUpdate = new TaskCompletionSource<SettingsResult>();
            Say stage = Say.Of(Tx.UpdateStagePercent, Say.Of(Tx.UpdateStageInstalling, "0.12.3"), 40.0);
            d.Backend.UpdateProgress = stage;
            d.Backend.AboutAnswer = LongAbout(stage);
            d.Show(ScreenId.SettingsSystem);
            d.Tick();
            d.Tap(d.Screens.SystemPage.UpdateSoftware);
            d.Tap(d.Screens.Confirm.Action);
            d.Tick();
            d.Tick();
        }, ScreenId.SettingsSystem),
        new("settings_system_update_refused", d =>
        {
            d.Backend.PendingUpdate = new TaskCompletionSource<SettingsResult>();
            d.Backend.AboutAnswer = LongAbout(Say.Of(Tx.UpdateNoSource));
            d.Show(ScreenId.SettingsSystem);
            d.Tick();
            d.Tap(d.Screens.SystemPage.UpdateSoftware);
            d.Tap(d.Screens.Confirm.Action);
            d.Tick();
            d.Backend.PendingUpdate.SetResult(SettingsResult.Failed(Say.Of(Tx.UpdateThenRestart, Say.Of(Tx.UpdateUnreachable))));
            d.Tick();
            d.Tick();
        }, ScreenId.SettingsSystem),
        new("settings_system_backup_saved", d =>
        {
            d.Backend.SaveSettingsAnswer = SettingsResult.Done(Say.Of(Tx.BackupSavedLeftOut, Say.Of(Tx.BackupWhatCertificates, 48, 3), 2));
            d.Show(ScreenId.SettingsSystem);
            d.Tick();
            d.Tap(d.Screens.SystemPage.SaveSettings);
            d.Tap(d.Screens.Confirm.Action);
            d.Tick();
        }, ScreenId.SettingsSystem),
        new("settings_limits_not_sent", d =>
        {
            Say answer = Say.Of("Not saved (NoControllerKnown): No controller address known yet.", Tx.LimitsNoController);
            d.Backend.LimitsAnswer = new ControllerSendResult(ControllerSendStatus.NoControllerKnown, answer.English, answer);
            d.Show(ScreenId.Settings);
            d.Tick();
            d.Tap(new Core.Display.PixelRect(730, d.Screens.Limits.Balance.Bounds.Y + 2, 54, 44).Center()); // BALANCE +
            d.Tap(d.Screens.Limits.Save);
            d.Tick();
        }, ScreenId.Settings),
        new("main_notice_write_errors", d =>
        {
            Charging(d);
            d.Context.StatusMessage = Say.Of(Tx.NoticeStorageWriteErrors, Tx.StoppedLog).In(d.Context.Language);
        }, ScreenId.Main),
        new("main_waiting_udp_and_can", d => d.Context.Source = Say.Of(Tx.SourceUdpCan, 6500, "can0"), ScreenId.Main),
        new("keyboard", d =>
        {
            d.Show(ScreenId.SettingsComms);
            d.Tick();
            d.Tap(d.Screens.Comms.BmsId);
        }, ScreenId.Keyboard),
        new("keyboard_password", d =>
        {
            d.Show(ScreenId.SettingsNetwork);
            d.Tick();
            d.Tap(d.Screens.Network.List.RowRect(1).Center());
        }, ScreenId.Keyboard),
        new("confirm_reset_log", d => Confirm(d, p => p.ResetLog), ScreenId.Confirm),
        new("confirm_update", d => Confirm(d, p => p.UpdateSoftware), ScreenId.Confirm),
        new("confirm_restart", d => Confirm(d, p => p.Restart), ScreenId.Confirm),
        new("confirm_shutdown", d => Confirm(d, p => p.Shutdown), ScreenId.Confirm),
        new("confirm_exit", d => Confirm(d, p => p.Exit), ScreenId.Confirm),
        new("confirm_leave", d =>
        {
            d.Show(ScreenId.SettingsDisplay);
            d.Tick();
            d.Tap(d.Screens.Display.TemperatureUnit.SegmentRect(1).Center());
            d.Tap(d.Screens.Display.Close);
        }, ScreenId.Confirm),
        new("touch_calibration", _ => { }, ScreenId.TouchCalibration),
    ];

    [Test]
    public void Every_text_is_translated_with_the_same_placeholders_as_the_english()
    {
        var problems = new List<string>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (Text t in Tx.All)
        {
            if (!keys.Add(t.Key))
            {
                problems.Add($"{t.Key}: key used twice");
            }

            string[] holes = Holes(t[DisplayLanguage.English]);
            foreach (DisplayLanguage l in DisplayLanguages.All)
            {
                string? s = t.Translation(l);
                if (string.IsNullOrWhiteSpace(s))
                {
                    problems.Add($"{t.Key}: no {DisplayLanguages.Code(l)} text");
                    continue;
                }

                if (!Holes(s).SequenceEqual(holes))
                {
                    problems.Add($"{t.Key} ({DisplayLanguages.Code(l)}): placeholders {string.Join(",", Holes(s))}, English has {string.Join(",", holes)}");
                }

                Assert.DoesNotThrow(() => t.Format(l), $"{t.Key} ({DisplayLanguages.Code(l)}) is not a valid composite format");
            }
        }

        Assert.That(problems, Is.Empty);
        Assert.That(Tx.All, Has.Count.GreaterThan(200), "the catalogue holds every string of the screens");
    }

    [TestCaseSource(nameof(Languages))]
    public void Every_update_outcome_and_stage_takes_at_most_two_lines_of_the_about_panel(DisplayLanguage language)
    {
        var tooLong = new List<string>();
        foreach (Text row in Tx.All.Where(t => t.Key.StartsWith("update.", StringComparison.Ordinal)))
        {
            object?[] args = [.. Enumerable.Repeat<object?>("10.20.30", Holes(row[DisplayLanguage.English]).Distinct().Count())];
            string[] lines = AboutPanel.UpdateLines(Say.Of(row, args), null, language).Split('\n')[1..];
            if (lines.Length > 2 || lines.Any(l => l.Length > AboutPanel.LineChars))
            {
                tooLong.Add($"{row.Key}: {string.Join(" | ", lines)}");
            }
        }

        Assert.That(tooLong, Is.Empty);
    }

    /// <summary>Each message-line sentence with values of a usual length (a long value is cut with an ellipsis).</summary>
    private static IEnumerable<Say> Notices()
    {
        foreach (Text row in Tx.All.Where(t => t.Key.StartsWith("notice.", StringComparison.Ordinal)))
        {
            yield return row.Key switch
            {
                "notice.failing" => Say.Of(row, Tx.PartEnergy, "Read-only file system"),
                "notice.setting_ignored" => Say.Of(row, "Mqtt:Password"),
                "notice.settings_ignored" => Say.Of(row, 3, "Mqtt:Password"),
                "notice.port_shared" => Say.Of(row, 6500, "pid 812 (socat)"),
                "notice.port_shared_more" => Say.Of(row, 6500, "pid 812 (socat)", 2),
                "notice.controller_moved" => Say.Of(row, "192.168.178.120", "192.168.178.121"),
                "notice.inverter_stale" or "notice.inverter_no_cells" => Say.Of(row, "can0"),
                "notice.inverter_bus_error" => Say.Of(row, "can0", "ENOBUFS"),
                _ when row.Key.StartsWith("notice.storage_", StringComparison.Ordinal) && row.Key != "notice.storage_at_start" => Say.Of(row, Tx.StoppedEnergy),
                _ => Say.Of(row),
            };
        }

        foreach (Text stopped in new[] { Tx.StoppedLog, Tx.StoppedHistory })
        {
            yield return Say.Of(Tx.NoticeStorageReadOnly, stopped);
            yield return Say.Of(Tx.NoticeStorageWriteErrors, stopped);
        }

        yield return Say.Of(Tx.UpdateRolledBack, "0.12.3", "0.12.2");
        yield return Say.Of(Tx.UpdateCannotRollBack, "0.12.3", "0.12.2");
        yield return Say.Of(Tx.UpdateUpdatedFrom, "0.12.2", "0.12.3");
    }

    [TestCaseSource(nameof(Languages))]
    public void Every_notice_fits_the_message_line_uncut(DisplayLanguage language)
    {
        using var d = new Display(language);
        d.Tick();
        Widgets.Label line = d.Screens.Main.Message;
        var cut = new List<string>();
        foreach (Say notice in Notices())
        {
            string text = notice.In(language);
            d.Context.StatusMessage = text;
            d.Tick();
            if (!line.Text.SequenceEqual(text))
            {
                cut.Add($"{text} -> {line.Text}");
            }
        }

        Assert.That(cut, Is.Empty, $"cut on the message line in {DisplayLanguages.Code(language)}");
    }

    [Test]
    public void A_sentence_longer_than_the_message_line_is_cut_with_an_ellipsis_inside_it()
    {
        using var d = new Display(DisplayLanguage.English);
        d.Tick();
        string text = "UDP port 6500 is shared with pid 81234 (a-very-long-process-name --with --arguments): unicast data may go there.";
        d.Context.StatusMessage = text;
        d.Tick();
        Widgets.Label line = d.Screens.Main.Message;
        var overflows = new List<TextOverflow>();
        line.FindOverflows(overflows);
        Assert.Multiple(() =>
        {
            Assert.That(line.Text.ToString(), Does.EndWith("\u2026").And.StartWith("UDP port 6500 is shared with pid 81234"));
            Assert.That(overflows, Is.Empty);
            Assert.That(line.TextWidth, Is.GreaterThan(line.Bounds.Width * 0.9f), "as much of it as fits");
        });
    }

    [Test]
    public void A_sentence_is_shown_in_the_displays_language_and_journalled_in_english()
    {
        Say copied = Say.Of(Tx.CopyDone, "PowerSafe100.log", 1234.56);
        Say drive = Say.Of("No USB drive labelled BATTERY (/dev/disk/by-label/BATTERY not found).", Tx.DriveNone);
        Assert.Multiple(() =>
        {
            Assert.That(copied.In(DisplayLanguage.German), Is.EqualTo("PowerSafe100.log (1234,6 MB) auf BATTERY kopiert. Laufwerk kann ab."));
            Assert.That(copied.English, Is.EqualTo("Copied PowerSafe100.log (1234.6 MB) to BATTERY. You can remove the drive."));
            Assert.That(drive.In(DisplayLanguage.French), Is.EqualTo(Tx.DriveNone[DisplayLanguage.French]));
            Assert.That(drive.English, Does.Contain("/dev/disk/by-label/BATTERY"), "the journal keeps the drive's own words");
            Assert.That(Say.Plain("Something new.").In(DisplayLanguage.Spanish), Is.EqualTo("Something new."));
            Assert.That(Say.Of(Tx.SystemUpdateStage, Say.Of(Tx.UpdateStageInstalling, "0.2.0")).In(DisplayLanguage.German), Is.EqualTo("Update: Installiere 0.2.0"));
        });
    }

    [TestCaseSource(nameof(Languages))]
    public void Every_screen_fits_its_texts_in(DisplayLanguage language)
    {
        var found = new List<string>();
        foreach (Shot shot in Shots)
        {
            using var d = Render(shot, language);
            var overflows = new List<TextOverflow>();
            Screen screen = d.Screens[shot.Screen];
            for (int i = 0; i < screen.Count; i++)
            {
                screen[i].FindOverflows(overflows);
            }

            d.Screens.Banner.FindOverflows(overflows);
            found.AddRange(overflows.Select(o => $"{shot.Name}: {o}"));
            if (Environment.GetEnvironmentVariable("FBD_LANGUAGE_SHOTS") is { Length: > 0 } folder)
            {
                // For a person to look at a language without goldens: FBD_LANGUAGE_SHOTS=/tmp/shots dotnet test ...
                Directory.CreateDirectory(folder);
                using SkiaSharp.SKBitmap picture = d.Picture();
                using SkiaSharp.SKData png = picture.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(folder, $"{shot.Name}.{DisplayLanguages.Code(language)}.png"), png.ToArray());
            }
        }

        Assert.That(found, Is.Empty, $"texts too wide in {DisplayLanguages.Code(language)}:\n{string.Join("\n", found)}");
    }

    [Test]
    public void The_german_screens_use_german_words_and_numbers()
    {
        using var d = Render(Shots.Single(s => s.Name == "main_charging"), DisplayLanguage.German);
        Assert.Multiple(() =>
        {
            Assert.That(d.Screens.Main.Soc.Text.ToString(), Is.EqualTo("87,5 %"));
            Assert.That(d.Screens.Main.PackVolts.Text.ToString(), Is.EqualTo("48,9 V"));
            Assert.That(d.Screens.Main.PowerLogTitle.Text.ToString(), Is.EqualTo(Tx.MainPowerLog[DisplayLanguage.German]));
            Assert.That(d.Screens.Main.Estimate.Text.ToString(), Does.StartWith("Voll in "));
        });
    }

    [TestCaseSource(nameof(Shots))]
    public void German_golden(Shot shot)
    {
        using var d = Render(shot, DisplayLanguage.German);
        global::FbDisplay.Ui.Tests.Support.Shots.Check(d.Picture(), shot.Name + ".de");
    }

    internal static Display Render(Shot shot, DisplayLanguage language)
    {
        var d = new Display(language);
        shot.Setup(d);
        if (d.Current != shot.Screen)
        {
            d.Show(shot.Screen);
        }

        d.Tick();
        _ = d.Picture();
        return d;
    }

    /// <summary>About with big counters, rejections of several kinds and an update line.</summary>
    private static AboutFacts LongAbout(Say update) => new(
        "0.12.3", new TimeSpan(412, 23, 59, 0), 12_204_331_004, 12_204_012_000, 1_204, 319_004,
        [(Core.Can.FrameRejectReason.ModuleCountOutOfRange, 301_000), (Core.Can.FrameRejectReason.CellVoltageOutOfRange, 18_004)], 35_183_902, update);

    private static void Charging(Display d)
    {
        d.FillHistory(87.5f, 4645f, days: 1);
        ScreenGoldenTests.Charging(d);
        d.Apply(Core.Can.CanFrame.Create(0x654, [0x04, 0x00]));
        d.Context.Estimate = BatteryEstimate.Compute(87.5f, 232, 95f);
        d.Context.CapacityAmpHours = 232;
    }

    private static void Counted(Display d) =>
        d.Context.Energy = new EnergyTotals(new DateOnly(2018, 8, 27), 12_430, 3_180, 18_905, 16_220, 4_312_800, 4_108_450, Display.Start.ToUnixTimeSeconds());

    /// <summary>Hot, low and out of balance: three alarms with long names, raised one after another.</summary>
    private static void RaiseAlarms(Display d)
    {
        var inputs = new AlarmInputs
        {
            CellsKnown = true, HighCellVolts = 4.08, LowCellVolts = 3.70, CutoffsKnown = true, HighCutoffVolts = 4.2, LowCutoffVolts = 3.2,
            TemperaturesKnown = true, MaxTemperatureC = 57, MinTemperatureC = 27, SocKnown = true, SocPercent = 8, DataFresh = true,
        };
        for (int s = 0; s < 15; s++)
        {
            d.Time.Advance(TimeSpan.FromSeconds(1));
            d.Alarms.Evaluate(inputs, d.Time.GetTimestamp());
        }

        ScreenGoldenTests.Charging(d);
        d.Apply(Core.Can.CanFrame.Create(0x654, [0x04, 0x00]));
    }

    private static void ContactorAndFault(Display d)
    {
        d.Apply(Core.Can.CanFrame.Create(0x654, [0x28, 0x04]));
        d.Time.Advance(TimeSpan.FromMinutes(1));
        ScreenGoldenTests.Discharging(d);
        d.Apply(Core.Battery.BatteryFrameEncoder.ChargeCommand(4.15f, 0f));
        d.Apply(Core.Can.CanFrame.Create(0x654, [0x28, 0x04]));
        d.Apply(Core.Battery.BatteryFrameEncoder.Pack(0f, 41.1f, -141.5f, 36, 33));
    }

    private static void Confirm(Display d, Func<SystemSettingsPage, Widgets.Button> button)
    {
        d.Show(ScreenId.SettingsSystem);
        d.Tick();
        d.Tap(button(d.Screens.SystemPage));
    }

    private static string[] Holes(string text) =>
        [.. HolePattern().Matches(text).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{(\d+)[^}]*\}")]
    private static partial Regex HolePattern();
}
