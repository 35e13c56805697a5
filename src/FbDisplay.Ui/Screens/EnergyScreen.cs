using FbDisplay.Core.Display;
using FbDisplay.Core.Energy;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// One tap from the main screen (the pack panel): kWh charged and discharged today, yesterday and in total, and the
/// time to full or to empty at the present rate. Values change once a second at most; labels redraw only then.
/// </summary>
public sealed class EnergyScreen : Screen
{
    private const int ColumnWidth = 252;
    private readonly DisplayContext _ctx;
    private readonly Label[] _in = new Label[3];
    private readonly Label[] _out = new Label[3];

    public EnergyScreen(DisplayContext context, int width = 800, int height = 480)
        : base(width, height)
    {
        _ctx = context;
        Close = Add(new Button(new PixelRect(6, 6, 64, 56), icon: IconKind.Close));
        Close.Clicked += (_, _) => _ctx.Navigate(ScreenId.Main);
        Add(new Label(new PixelRect(84, 6, 500, 32), "ENERGY", Theme.TextSize + 4f, bold: true));
        Add(new Label(new PixelRect(84, 38, 600, 22), "COUNTED FROM PACK POWER EVERY SECOND · DAYS END AT LOCAL MIDNIGHT", Theme.SmallTextSize - 1f, bold: true) { Color = Theme.TextDim });
        string[] titles = ["TODAY", "YESTERDAY", "TOTAL"];
        for (int i = 0; i < 3; i++)
        {
            int x = 10 + (i * (ColumnWidth + 13));
            Add(new Panel(new PixelRect(x, 76, ColumnWidth, 214)));
            Add(new Label(new PixelRect(x + 16, 86, ColumnWidth - 32, 24), titles[i], Theme.SmallTextSize, bold: true) { Color = Theme.TextDim });
            Add(new Label(new PixelRect(x + 16, 118, ColumnWidth - 32, 22), "CHARGED", Theme.SmallTextSize) { Color = Theme.TextDim });
            _in[i] = Add(new Label(new PixelRect(x + 16, 140, ColumnWidth - 32, 44), "", Theme.LargeTextSize + 4f, bold: true) { Color = Theme.Charge });
            Add(new Label(new PixelRect(x + 16, 198, ColumnWidth - 32, 22), "DISCHARGED", Theme.SmallTextSize) { Color = Theme.TextDim });
            _out[i] = Add(new Label(new PixelRect(x + 16, 220, ColumnWidth - 32, 44), "", Theme.LargeTextSize + 4f, bold: true) { Color = Theme.Discharge });
        }

        Add(new Panel(new PixelRect(10, 304, 780, 112)));
        Estimate = Add(new Label(new PixelRect(26, 318, 748, 44), "", Theme.LargeTextSize, bold: true));
        EstimateBasis = Add(new Label(new PixelRect(26, 366, 748, 36), "", Theme.TextSize) { Color = Theme.TextDim });
        Add(new Label(new PixelRect(14, 440, 500, 28), "Tap anywhere to return", Theme.SmallTextSize) { Color = Theme.TextDisabled });
    }

    public Button Close { get; }

    public Label Estimate { get; }

    public Label EstimateBasis { get; }

    public ReadOnlySpan<Label> Charged => _in;

    public ReadOnlySpan<Label> Discharged => _out;

    protected override void OnUpdate(long timestamp)
    {
        EnergyTotals e = _ctx.Energy;
        bool any = e.HasDay;
        SetKWh(_in[0], any, e.TodayChargedKWh);
        SetKWh(_in[1], any, e.YesterdayChargedKWh);
        SetKWh(_in[2], any, e.TotalChargedKWh);
        SetKWh(_out[0], any, e.TodayDischargedKWh);
        SetKWh(_out[1], any, e.YesterdayDischargedKWh);
        SetKWh(_out[2], any, e.TotalDischargedKWh);

        Span<char> text = stackalloc char[96];
        BatteryEstimate estimate = _ctx.Estimate;
        int n = EstimateText.Format(text, estimate);
        if (n > 0)
        {
            Estimate.SetText(text[..n]);
            Estimate.Color = estimate.Direction == EstimateDirection.ToFull ? Theme.Charge : Theme.Amber;
            int b = text.TryWrite(System.Globalization.CultureInfo.InvariantCulture, $"At the present rate (a one-minute average) for a {_ctx.CapacityAmpHours:0} Ah pack.", out int w) ? w : 0;
            EstimateBasis.SetText(text[..b]);
        }
        else
        {
            Estimate.SetText(_ctx.CapacityAmpHours > 0 ? "Resting: no time to full or empty" : "No time to full or empty");
            Estimate.Color = Theme.TextDim;
            EstimateBasis.SetText(_ctx.CapacityAmpHours > 0 ? "The current is below half an amp." : "Set PACK CAPACITY on the limits page (settings, page 1).");
        }
    }

    protected override void OnGesture(in Gesture gesture, Widget? target)
    {
        if (gesture.Kind == GestureKind.Tap)
        {
            _ctx.Navigate(ScreenId.Main);
        }
    }

    private static void SetKWh(Label label, bool any, double kwh)
    {
        if (!any)
        {
            label.SetText("--");
            return;
        }

        label.SetNumber((float)kwh, kwh < 100 ? "0.00" : kwh < 10_000 ? "0.0" : "0", " kWh");
    }

    /// <summary>A plain rounded panel behind a group of labels.</summary>
    private sealed class Panel(PixelRect bounds) : Widget(bounds)
    {
        private readonly SKPaint _paint = new() { IsAntialias = true, Color = Theme.Panel };

        public override void Draw(SKCanvas canvas, in PixelRect clip) =>
            canvas.DrawRoundRect(BoundsRect, Theme.CornerRadius, Theme.CornerRadius, _paint);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _paint.Dispose();
            }
        }
    }
}
