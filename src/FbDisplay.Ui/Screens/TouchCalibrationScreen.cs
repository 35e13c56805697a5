using System.Globalization;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Core.Input;
using FbDisplay.Settings;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Settings;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// Touch calibration: tap three targets near the corners; the correction that sends where each tap landed to where its
/// target was drawn (<see cref="TouchCalibration.FromThreePoints"/>) is combined with the calibration in force and put
/// in the draft. Like every setting it is kept only on SAVE.
/// </summary>
public sealed class TouchCalibrationScreen : Screen
{
    /// <inheritdoc/>
    public override bool AcceptsTopLayer => false;

    /// <summary>Where the targets are drawn, in order.</summary>
    public static readonly (int X, int Y)[] Targets = [(48, 48), (752, 48), (48, 432)];

    private readonly SettingsSession _session;
    private readonly (double X, double Y)[] _touched = new (double, double)[3];
    private readonly CrossTarget[] _targets = new CrossTarget[3];
    private int _step;

    public TouchCalibrationScreen(SettingsSession session, int width = 800, int height = 480)
        : base(width, height)
    {
        _session = session;
        for (int i = 0; i < Targets.Length; i++)
        {
            _targets[i] = Add(new CrossTarget(new PixelRect(Targets[i].X - 36, Targets[i].Y - 36, 72, 72)));
        }

        Add(new Label(new PixelRect(150, 150, 500, 40), session.Context.T(Tx.CalibrationTitle), Theme.LargeTextSize, bold: true, align: TextAlign.Center));
        Instruction = Add(new Label(new PixelRect(150, 196, 500, 30), "", Theme.TextSize, align: TextAlign.Center) { Color = Theme.TextDim });
        Step = Add(new Label(new PixelRect(150, 232, 500, 30), "", Theme.TextSize, bold: true, align: TextAlign.Center) { Color = Theme.Accent });
        Cancel = Add(new Button(new PixelRect(320, 300, 160, 60), session.Context.T(Tx.Cancel), size: Theme.TextSize));
        Cancel.Clicked += (_, _) => _session.Context.Navigate(ScreenId.SettingsDisplay);
    }

    public Label Instruction { get; }

    public Label Step { get; }

    public Button Cancel { get; }

    /// <summary>Combines a correction measured through <paramref name="inForce"/> with it: first <paramref name="inForce"/>, then <paramref name="correction"/>.</summary>
    public static TouchCalibration Compose(TouchCalibration correction, TouchCalibration inForce)
    {
        TouchCalibration d = correction, c = inForce;
        return new TouchCalibration(
            (d.A * c.A) + (d.B * c.D),
            (d.A * c.B) + (d.B * c.E),
            (d.A * c.C) + (d.B * c.F) + d.C,
            (d.D * c.A) + (d.E * c.D),
            (d.D * c.B) + (d.E * c.E),
            (d.D * c.C) + (d.E * c.F) + d.F);
    }

    /// <inheritdoc/>
    protected override void OnShown() => Restart(_session.Context.T(Tx.CalibrationTap));

    /// <inheritdoc/>
    protected override void OnGesture(in Gesture gesture, Widget? target)
    {
        if (gesture.Kind != GestureKind.Tap || _step >= Targets.Length)
        {
            return;
        }

        _touched[_step] = (gesture.X, gesture.Y);
        _step++;
        if (_step < Targets.Length)
        {
            ShowStep();
            return;
        }

        var wanted = new (double X, double Y)[3];
        for (int i = 0; i < 3; i++)
        {
            wanted[i] = (Targets[i].X, Targets[i].Y);
        }

        TouchCalibration correction;
        try
        {
            correction = TouchCalibration.FromThreePoints(_touched, wanted);
        }
        catch (ArgumentException)
        {
            Restart(_session.Context.T(Tx.CalibrationInLine));
            return;
        }

        TouchCalibration inForce = DisplaySettingsPage.ParseCalibration(_session.Backend.Get(Catalog.Display.TouchCalibration.Key));
        _session.Draft.Set(Catalog.Display.TouchCalibration.Key, DisplaySettingsPage.FormatCalibration(Compose(correction, inForce)));
        _session.Notify(_session.Context.T(Tx.CalibrationDone), ToastKind.Success);
        _session.Context.Navigate(ScreenId.SettingsDisplay);
    }

    private void Restart(string instruction)
    {
        _step = 0;
        Instruction.SetText(instruction);
        ShowStep();
    }

    private void ShowStep()
    {
        Span<char> text = stackalloc char[32];
        int n = text.TryWrite(CultureInfo.InvariantCulture, Tx.CalibrationStep.Format(_session.Context.Language), out int w, _step + 1) ? w : 0;
        Step.SetText(text[..n]);
        for (int i = 0; i < _targets.Length; i++)
        {
            _targets[i].Active = i == _step;
            _targets[i].Done = i < _step;
        }
    }
}

/// <summary>A calibration target: a ring with a cross, lit when it is the one to tap.</summary>
internal sealed class CrossTarget : Widget
{
    private readonly SKPaint _paint = new() { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 3f };
    private bool _active;
    private bool _done;

    public CrossTarget(PixelRect bounds)
        : base(bounds)
    {
    }

    public bool Active
    {
        get => _active;
        set
        {
            if (_active != value)
            {
                _active = value;
                Invalidate();
            }
        }
    }

    public bool Done
    {
        get => _done;
        set
        {
            if (_done != value)
            {
                _done = value;
                Invalidate();
            }
        }
    }

    public override bool HitTest(int x, int y) => false;

    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        float cx = Bounds.X + (Bounds.Width / 2f), cy = Bounds.Y + (Bounds.Height / 2f);
        _paint.Color = _active ? Theme.Accent : _done ? Theme.Charge : Theme.TextDisabled;
        canvas.DrawCircle(cx, cy, 22f, _paint);
        canvas.DrawCircle(cx, cy, 8f, _paint);
        canvas.DrawLine(cx - 34f, cy, cx + 34f, cy, _paint);
        canvas.DrawLine(cx, cy - 34f, cx, cy + 34f, _paint);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _paint.Dispose();
        }
    }
}
