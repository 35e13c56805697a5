using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
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
        Add(new Label(new PixelRect(84, 6, 500, 32), context.T(Tx.EnergyTitle), Theme.TextSize + 4f, bold: true));
        Add(new Label(new PixelRect(84, 38, 600, 22), context.T(Tx.EnergyBasis), Theme.SmallTextSize - 1f, bold: true) { Color = Theme.TextDim });
        string[] titles = [context.T(Tx.EnergyToday), context.T(Tx.EnergyYesterday), context.T(Tx.EnergyTotal)];
        for (int i = 0; i < 3; i++)
        {
            int x = 10 + (i * (ColumnWidth + 13));
            Add(new Panel(new PixelRect(x, 76, ColumnWidth, 214)));
            Add(new Label(new PixelRect(x + 16, 86, ColumnWidth - 32, 24), titles[i], Theme.SmallTextSize, bold: true) { Color = Theme.TextDim });
            Add(new Label(new PixelRect(x + 16, 118, ColumnWidth - 32, 22), context.T(Tx.EnergyCharged), Theme.SmallTextSize) { Color = Theme.TextDim });
            _in[i] = Add(new Label(new PixelRect(x + 16, 140, ColumnWidth - 32, 44), "", Theme.LargeTextSize + 4f, bold: true) { Color = Theme.Charge });
            Add(new Label(new PixelRect(x + 16, 198, ColumnWidth - 32, 22), context.T(Tx.EnergyDischarged), Theme.SmallTextSize) { Color = Theme.TextDim });
            _out[i] = Add(new Label(new PixelRect(x + 16, 220, ColumnWidth - 32, 44), "", Theme.LargeTextSize + 4f, bold: true) { Color = Theme.Discharge });
        }

        Add(new Panel(new PixelRect(10, 304, 780, 112)));
        Estimate = Add(new Label(new PixelRect(26, 318, 748, 44), "", Theme.LargeTextSize, bold: true));
        EstimateBasis = Add(new Label(new PixelRect(26, 366, 748, 36), "", Theme.TextSize) { Color = Theme.TextDim });
        Add(new Label(new PixelRect(14, 440, 500, 28), context.T(Tx.TapAnywhereToReturn), Theme.SmallTextSize) { Color = Theme.TextDisabled });
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
        int n = EstimateText.Format(text, estimate, _ctx.Language);
        if (n > 0)
        {
            Estimate.SetText(text[..n]);
            Estimate.Color = estimate.Direction == EstimateDirection.ToFull ? Theme.Charge : Theme.Amber;
            int b = text.TryWrite(_ctx.Format.Numbers, Tx.EnergyRateBasis.Format(_ctx.Language), out int w, _ctx.CapacityAmpHours) ? w : 0;
            EstimateBasis.SetText(text[..b]);
        }
        else
        {
            Estimate.SetText(_ctx.T(_ctx.CapacityAmpHours > 0 ? Tx.EnergyResting : Tx.EnergyNoEstimate));
            Estimate.Color = Theme.TextDim;
            EstimateBasis.SetText(_ctx.T(_ctx.CapacityAmpHours > 0 ? Tx.EnergyBelowHalfAmp : Tx.EnergySetCapacity));
        }
    }

    protected override void OnGesture(in Gesture gesture, Widget? target)
    {
        if (gesture.Kind == GestureKind.Tap)
        {
            _ctx.Navigate(ScreenId.Main);
        }
    }

    private void SetKWh(Label label, bool any, double kwh)
    {
        if (!any)
        {
            label.SetText("--");
            return;
        }

        label.SetNumber((float)kwh, kwh < 100 ? "0.00" : kwh < 10_000 ? "0.0" : "0", " kWh", _ctx.Format.Numbers);
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
