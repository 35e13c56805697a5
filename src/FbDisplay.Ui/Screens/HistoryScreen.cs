using System.Globalization;
using FbDisplay.Core.Display;
using FbDisplay.Core.History;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// A full-screen history graph: one bar per <see cref="SecondsPerBar"/> seconds, 702 bars one pixel wide, the left
/// arrow doubling the span (up to 512 s per bar, about four days) and the right arrow halving it (down to 1 s per
/// bar, 11.7 minutes). The span is labelled, a time axis runs underneath, and a tap on the graph returns to the main
/// screen (the manual: "press anywhere in the center").
/// </summary>
public abstract class HistoryScreen : Screen
{
    /// <summary>Bars on screen: one pixel each, 11.7 minutes at 1 s per bar.</summary>
    public const int Bars = 702;

    /// <summary>Where the bars are drawn.</summary>
    public static readonly PixelRect Plot = new(60, 72, Bars, 336);

    private readonly Bar[] _bars = new Bar[Bars];
    private readonly BarHistory _history;
    private int _version = -1;
    private long _bucket = -1;
    private int _shownSecondsPerBar = -1;

    /// <summary>Creates the screen over <paramref name="history"/>.</summary>
    protected HistoryScreen(DisplayContext context, BarHistory history, Text title, float minimum, float maximum, int secondsPerBar, int width, int height)
        : base(width, height)
    {
        Context = context;
        _history = history;
        SecondsPerBar = secondsPerBar;
        Longer = Add(new Button(new PixelRect(8, 6, 76, 56), icon: IconKind.ArrowLeft));
        Longer.Clicked += (_, _) => ChangeSpan(+1);
        Shorter = Add(new Button(new PixelRect(716, 6, 76, 56), icon: IconKind.ArrowRight));
        Shorter.Clicked += (_, _) => ChangeSpan(-1);
        Title = Add(new Label(new PixelRect(100, 8, 600, 28), context.T(title), Theme.TextSize + 2f, bold: true, align: TextAlign.Center));
        Span = Add(new Label(new PixelRect(100, 36, 600, 24), "", Theme.SmallTextSize + 1f, align: TextAlign.Center) { Color = Theme.TextDim });
        Chart = Add(new ColumnChart(PixelRect.FromEdges(Plot.X - 4, Plot.Y - 4, Plot.Right + 4, Plot.Bottom + 4), minimum, maximum, capacity: Bars)
        {
            GridDivisions = 4,
        });
        Axis = Add(new TimeAxis(Plot, 24, context.Format));
        Hint = Add(new Label(new PixelRect(60, 446, 300, 28), context.T(Tx.TapGraphToReturn), Theme.SmallTextSize) { Color = Theme.TextDisabled });
        Current = Add(new Label(new PixelRect(420, 440, 342, 36), "", Theme.TextSize + 2f, bold: true, align: TextAlign.Right));
    }

    public DisplayContext Context { get; }

    public Button Longer { get; }

    public Button Shorter { get; }

    public Label Title { get; }

    public Label Span { get; }

    public ColumnChart Chart { get; }

    public TimeAxis Axis { get; }

    public Label Hint { get; }

    /// <summary>The latest value, bottom right.</summary>
    public Label Current { get; }

    /// <summary>A power of two from 1 to 512.</summary>
    public int SecondsPerBar { get; private set; }

    /// <summary>The bars last read from the history (oldest first).</summary>
    protected ReadOnlySpan<Bar> ShownBars => _bars;

    /// <summary>Formats "last 11.7 minutes · 1 s per bar" for a span.</summary>
    public static string DescribeSpan(int secondsPerBar, LocalFormat? format = null)
    {
        LocalFormat f = format ?? LocalFormat.English;
        double seconds = (double)secondsPerBar * Bars;
        string span = seconds < 3600 ? string.Format(f.Numbers, Tx.LastMinutes.Format(f.Language), seconds / 60)
            : seconds < 2 * 86400 ? string.Format(f.Numbers, Tx.LastHours.Format(f.Language), seconds / 3600)
            : string.Format(f.Numbers, Tx.LastDays.Format(f.Language), seconds / 86400);
        return string.Format(CultureInfo.InvariantCulture, Tx.PerBar.Format(f.Language), span, secondsPerBar);
    }

    /// <summary>Sets the seconds per bar (a power of two from 1 to 512).</summary>
    public void SetSecondsPerBar(int secondsPerBar)
    {
        BarHistory.LevelOf(secondsPerBar);
        SecondsPerBar = secondsPerBar;
    }

    /// <inheritdoc/>
    protected override void OnUpdate(long timestamp)
    {
        if (_shownSecondsPerBar != SecondsPerBar)
        {
            _shownSecondsPerBar = SecondsPerBar;
            Span.SetText(DescribeSpan(SecondsPerBar, Context.Format));
            Axis.SetSpan(SecondsPerBar, Bars);
            Longer.Enabled = SecondsPerBar < BarHistory.MaxSecondsPerBar;
            Shorter.Enabled = SecondsPerBar > 1;
            _version = -1;
        }

        long now = Context.Time.GetUtcNow().ToUnixTimeSeconds();
        if (_history.Version != _version || now / SecondsPerBar != _bucket)
        {
            _version = _history.Version;
            _bucket = now / SecondsPerBar;
            _history.ReadBars(SecondsPerBar, now, _bars);
            OnBarsRead(_bars);
            Chart.SetValues(_bars);
        }

        OnUpdateValues(timestamp);
    }

    /// <summary>After a fresh read, before the chart gets the bars (e.g. to rescale).</summary>
    protected virtual void OnBarsRead(ReadOnlySpan<Bar> bars)
    {
    }

    /// <summary>Per tick: copy current values into labels. Must not allocate when nothing changed.</summary>
    protected virtual void OnUpdateValues(long timestamp)
    {
    }

    /// <inheritdoc/>
    protected override void OnGesture(in Gesture gesture, Widget? target)
    {
        if (gesture.Kind == GestureKind.Tap && target is null or ColumnChart && Chart.Bounds.Contains(gesture.X, gesture.Y))
        {
            Context.Navigate(ScreenId.Main);
        }
    }

    private void ChangeSpan(int direction)
    {
        int next = direction > 0 ? SecondsPerBar * 2 : SecondsPerBar / 2;
        if (next is >= 1 and <= BarHistory.MaxSecondsPerBar)
        {
            SecondsPerBar = next;
        }
    }
}
