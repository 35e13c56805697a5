using System.Globalization;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Core.Input;
using FbDisplay.Settings;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// Page 4, the display: brightness, screen sleep, rotation, temperature unit, language, touch calibration, and the screen
/// sharing (VNC and the web page's remote view) password, shown as dots.
/// </summary>
public sealed class DisplaySettingsPage : SettingsPage
{
    public DisplaySettingsPage(SettingsSession session, int width = 800, int height = 480)
        : base(session, ScreenId.SettingsDisplay, Tx.DisplayTitle, width, height)
    {
        Brightness = SliderRow(76, 56, T(Tx.DisplayBrightness), Catalog.Display.Brightness, " %");
        Sleep = ChoiceBlock(16, 146, 768, T(Tx.DisplaySleep), Catalog.Display.SleepMinutes, [T(Tx.DisplayNever), "1 MIN", "5 MIN", "15 MIN", "30 MIN", "60 MIN"]);
        Rotation = ChoiceBlock(16, 236, 290, AfterRestart(Tx.DisplayRotation), Catalog.Display.Rotation, ["0°", "90°", "180°", "270°"]);
        TemperatureUnit = ChoiceBlock(322, 236, 150, T(Tx.DisplayTemperatures), Catalog.Display.TemperatureUnit, ["°C", "°F"]);
        Language = ChoiceBlock(488, 236, 296, AfterRestart(Tx.DisplayLanguageCaption), Catalog.Display.Language, ["EN", "DE", "NL", "FR", "ES"]);
        Caption(16, 326, 80, T(Tx.DisplayTouch));
        CalibrationState = Add(new Label(new PixelRect(96, 326, 296, 22), "", Theme.SmallTextSize, align: TextAlign.Right) { Color = Theme.TextDim });
        Calibrate = Add(new Button(new PixelRect(16, 350, 376, 54), T(Tx.DisplayCalibrate), size: Theme.TextSize));
        Calibrate.Clicked += (_, _) => Context.Navigate(ScreenId.TouchCalibration);
        SharingPassword = FieldBlock(408, 326, 376, AfterRestart(Tx.DisplaySharing), Catalog.Vnc.Password, T(Tx.DisplaySharingOff));
        Bind(Catalog.Display.TouchCalibration.Key, Catalog.Display.TouchCalibration.DefaultText);
        Finish();
    }

    public Slider Brightness { get; }

    public SegmentedChoice Sleep { get; }

    public SegmentedChoice Rotation { get; }

    public SegmentedChoice TemperatureUnit { get; }

    /// <summary>Display:Language: the screens take it at the next start; the web page follows it unless a browser chose.</summary>
    public SegmentedChoice Language { get; }

    public Button Calibrate { get; }

    public Label CalibrationState { get; }

    /// <summary>Vnc:Password: sharing (VNC and the web page's /screen) runs once it is set, after a restart.</summary>
    public TextField SharingPassword { get; }

    /// <summary>Formats a calibration as the settings store it: six numbers, invariant, separated by ';'.</summary>
    public static string FormatCalibration(TouchCalibration c) => c.Format();

    /// <summary>Parses <see cref="FormatCalibration"/>'s text; anything else is the identity.</summary>
    public static TouchCalibration ParseCalibration(string? text) =>
        TouchCalibration.TryParse(text, out TouchCalibration c) ? c : TouchCalibration.Identity;

    /// <inheritdoc/>
    protected override void OnDraftChanged()
    {
        string text = Draft.Get(Catalog.Display.TouchCalibration.Key);
        CalibrationState.SetText(Draft.IsChanged(Catalog.Display.TouchCalibration.Key) ? T(Tx.DisplayNewCalibration)
            : T(text.Length == 0 ? Tx.DisplayNotCalibrated : Tx.DisplayCalibrated));
        CalibrationState.Color = Draft.IsChanged(Catalog.Display.TouchCalibration.Key) ? Theme.Amber : Theme.TextDim;
    }
}
