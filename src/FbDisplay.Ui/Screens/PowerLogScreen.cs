using FbDisplay.Core.Battery;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Core.History;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// The manual's POWER LOG enlarged: power into the pack up (green), out of it down (red), around a zero line, with its
/// own scale (AUTO fits the bars shown; 1X is ±10 kW like the main screen, 2X ±5 kW, 4X ±2.5 kW), kW labels and a
/// time axis; the arrows change the seconds per bar.
/// </summary>
public sealed class PowerLogScreen : HistoryScreen
{
    /// <summary>Full scale at 1X, as on the main screen.</summary>
    public const float FullScaleWatts = 10_000f;

    private static readonly float[] NiceKilowatts = [0.5f, 1f, 2f, 2.5f, 5f, 10f, 15f, 20f, 25f, 50f, 100f];
    private readonly Label[] _scaleLabels = new Label[5];
    private readonly string _now;
    private float _autoFullWatts = FullScaleWatts;
    private float _shownFull = float.NaN;

    public PowerLogScreen(DisplayContext context, int width = 800, int height = 480)
        : base(context, context.PowerHistory, Tx.PowerLogTitle, -FullScaleWatts, FullScaleWatts, 16, width, height)
    {
        _now = context.T(Tx.KilowattsNow);
        for (int i = 0; i < _scaleLabels.Length; i++)
        {
            int y = Plot.Y + (Plot.Height * i / 4);
            _scaleLabels[i] = Add(new Label(new PixelRect(0, y - 10, 54, 20), "", Theme.SmallTextSize, align: TextAlign.Right) { Color = Theme.TextDim });
        }

        Add(new Label(new PixelRect(250, 446, 80, 28), context.T(Tx.PowerIn), Theme.SmallTextSize, bold: true) { Color = Theme.Charge });
        Add(new Label(new PixelRect(320, 446, 100, 28), context.T(Tx.PowerOut), Theme.SmallTextSize, bold: true) { Color = Theme.Discharge });
        Scale = Add(new Button(new PixelRect(596, 12, 108, 44), context.T(Tx.Auto), size: Theme.TextSize));
        Scale.Clicked += (_, _) => CycleScale();
    }

    /// <summary>AUTO, 1X, 2X or 4X.</summary>
    public Button Scale { get; }

    /// <summary>0 = auto, else the magnification (1, 2, 4).</summary>
    public int Magnification { get; private set; }

    /// <summary>The top of the scale in watts (the bottom is its negative).</summary>
    public float FullWatts => Magnification == 0 ? _autoFullWatts : FullScaleWatts / Magnification;

    /// <summary>Sets the scale mode: 0 = auto, 1, 2 or 4.</summary>
    public void SetMagnification(int magnification)
    {
        Magnification = magnification is 1 or 2 or 4 ? magnification : 0;
        Scale.SetText(Magnification switch { 1 => "1X", 2 => "2X", 4 => "4X", _ => Context.T(Tx.Auto) });
    }

    /// <inheritdoc/>
    protected override void OnBarsRead(ReadOnlySpan<Bar> bars)
    {
        float peak = 0f;
        foreach (Bar b in bars)
        {
            if (b.HasValue)
            {
                peak = MathF.Max(peak, MathF.Abs(b.Average));
            }
        }

        float kw = peak / 1000f;
        _autoFullWatts = NiceKilowatts[^1] * 1000f;
        foreach (float nice in NiceKilowatts)
        {
            if (nice >= kw * 1.05f)
            {
                _autoFullWatts = nice * 1000f;
                break;
            }
        }
    }

    /// <inheritdoc/>
    protected override void OnUpdateValues(long timestamp)
    {
        float full = FullWatts;
        if (full != _shownFull)
        {
            _shownFull = full;
            Chart.SetScale(-full, full);
            for (int i = 0; i < _scaleLabels.Length; i++)
            {
                float kw = (full / 1000f) * (1f - (i * 0.5f));
                _scaleLabels[i].SetNumber(kw, kw == MathF.Round(kw) ? "+0;-0;0" : "+0.0#;-0.0#;0", default, Context.Format.Numbers);
            }
        }

        BatteryState s = Context.State;
        bool fresh = s.Pack.IsFresh(Context.Time, timestamp, BatteryState.StaleAfter);
        float watts = fresh ? s.PowerWatts : float.NaN;
        Current.SetNumber(watts / 1000f, "0.00", _now, Context.Format.Numbers);
        Current.Color = !fresh ? Theme.TextDim : watts < 0 ? Theme.Discharge : Theme.Charge;
    }

    private void CycleScale() => SetMagnification(Magnification switch { 0 => 1, 1 => 2, 2 => 4, _ => 0 });
}
