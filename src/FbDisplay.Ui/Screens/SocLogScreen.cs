using System.Globalization;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Core.History;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>The manual's SOC LOG DISPLAY: state of charge 0-100 %, one bar per sample.</summary>
public sealed class SocLogScreen : HistoryScreen
{
    private readonly string _now;

    public SocLogScreen(DisplayContext context, int width = 800, int height = 480)
        : base(context, context.SocHistory, Tx.SocLogTitle, 0f, 100f, 1, width, height)
    {
        _now = context.T(Tx.PercentNow);
        for (int i = 0; i <= 4; i++)
        {
            int percent = 100 - (i * 25);
            int y = Plot.Y + (Plot.Height * i / 4);
            Add(new Label(new PixelRect(0, y - 10, 54, 20), string.Create(CultureInfo.InvariantCulture, $"{percent} %"), Theme.SmallTextSize, align: TextAlign.Right) { Color = Theme.TextDim });
        }
    }

    /// <inheritdoc/>
    protected override void OnUpdateValues(long timestamp)
    {
        bool fresh = Context.State.Soc.IsFresh(Context.Time, timestamp, Core.Battery.BatteryState.StaleAfter);
        Current.SetNumber(fresh ? Context.State.SocPercent : float.NaN, "0.0", _now, Context.Format.Numbers);
    }
}
