using System.Globalization;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Widgets;
using SkiaSharp;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// The manual's INDIVIDUAL CELL STATUS: every cell as a bar, grouped by module of six with module numbers, bar width
/// scaled to the count (6 to 240); highest, lowest and average digitally (from 0x651 while fresh, else from the
/// cells); cells beyond the 0x652 cutoffs coloured and the cutoffs drawn as lines; modules not heard from lately
/// dimmed. A tap anywhere but a button returns to the main screen.
/// </summary>
public sealed class CellsScreen : Screen
{
    public const float ScaleMinimum = 2.8f;
    public const float ScaleMaximum = 4.3f;

    private readonly DisplayContext _ctx;
    private readonly float[] _volts = new float[BatteryState.MaxCells];
    private int _cellsVersion = -1;
    private int _shownModules = -1;
    private readonly string _highest;
    private readonly string _lowest;

    public CellsScreen(DisplayContext context, int width = 800, int height = 480)
        : base(width, height)
    {
        _ctx = context;
        _highest = context.T(Tx.CellsHighest);
        _lowest = context.T(Tx.CellsLowest);
        Add(new Label(new PixelRect(16, 8, 250, 30), context.T(Tx.CellsTitle), Theme.TextSize + 2f, bold: true));
        CellCount = Add(new Label(new PixelRect(16, 38, 260, 24), "", Theme.SmallTextSize + 1f) { Color = Theme.TextDim });
        HighCaption = Add(new Label(new PixelRect(300, 6, 156, 20), context.T(Tx.CellsHighest), Theme.SmallTextSize, bold: true) { Color = Theme.Amber });
        High = Add(new Label(new PixelRect(300, 26, 156, 36), "", Theme.LargeTextSize, bold: true));
        LowCaption = Add(new Label(new PixelRect(466, 6, 156, 20), context.T(Tx.CellsLowest), Theme.SmallTextSize, bold: true) { Color = Theme.Voltage });
        Low = Add(new Label(new PixelRect(466, 26, 156, 36), "", Theme.LargeTextSize, bold: true));
        Add(new Label(new PixelRect(632, 6, 160, 20), context.T(Tx.CellsAverage), Theme.SmallTextSize, bold: true) { Color = Theme.TextDim });
        Average = Add(new Label(new PixelRect(632, 26, 160, 36), "", Theme.LargeTextSize, bold: true));
        Graph = Add(new BarGraph(new PixelRect(56, 72, 736, 330), ScaleMinimum, ScaleMaximum, BatteryState.MaxCells) { Padding = 6 });
        foreach (float v in (ReadOnlySpan<float>)[4.2f, 3.8f, 3.4f, 3.0f])
        {
            int y = GraphY(v);
            Add(new Label(new PixelRect(0, y - 10, 50, 20), v.ToString("0.0 V", context.Format.Numbers), Theme.SmallTextSize, align: TextAlign.Right) { Color = Theme.TextDim });
        }

        Overlay = Add(new CellOverlay(Graph, new PixelRect(56, 72, 736, 356), context.Format));
        Waiting = Add(new Label(new PixelRect(56, 200, 736, 40), context.T(Tx.CellsWaiting), Theme.TextSize, bold: true, align: TextAlign.Center) { Color = Theme.Amber });
        Hint = Add(new Label(new PixelRect(16, 446, 260, 28), context.T(Tx.TapToReturn), Theme.SmallTextSize) { Color = Theme.TextDisabled });
        Cutoffs = Add(new Label(new PixelRect(280, 446, 510, 28), "", Theme.SmallTextSize, align: TextAlign.Right) { Color = Theme.TextDim });
    }

    public Label CellCount { get; }

    public Label HighCaption { get; }

    public Label High { get; }

    public Label LowCaption { get; }

    public Label Low { get; }

    public Label Average { get; }

    public BarGraph Graph { get; }

    public Label Waiting { get; }

    public Label Hint { get; }

    public Label Cutoffs { get; }

    internal CellOverlay Overlay { get; }

    /// <inheritdoc/>
    protected override void OnUpdate(long timestamp)
    {
        BatteryState s = _ctx.State;
        TimeProvider time = _ctx.Time;
        int cells = s.CellCount;
        if (s.Cells.Version != _cellsVersion)
        {
            _cellsVersion = s.Cells.Version;
            ReadOnlySpan<ushort> mv = s.CellMillivolts;
            for (int i = 0; i < mv.Length; i++)
            {
                _volts[i] = mv[i] == 0 ? float.NaN : mv[i] / 1000f;
            }

            Graph.SetValues(_volts.AsSpan(0, mv.Length));
        }

        if (s.ModuleCount != _shownModules)
        {
            _shownModules = s.ModuleCount;
            CellCount.SetText(cells == 0 ? _ctx.T(Tx.CellsNoneYet)
                : string.Format(CultureInfo.InvariantCulture, (s.ModuleCount == 1 ? Tx.CellsOneModule : Tx.CellsModules).Format(_ctx.Language), cells, s.ModuleCount));
            Overlay.SetModules(s.ModuleCount);
        }

        Waiting.Visible = cells == 0;
        if (Waiting.Visible)
        {
            Waiting.SetText(_ctx.T(s.IsPylontech ? Tx.CellsPylontech : Tx.CellsWaiting));
            Waiting.Color = s.IsPylontech ? Theme.TextDim : Theme.Amber;
        }
        for (int m = 0; m < s.ModuleCount; m++)
        {
            Graph.SetGroupDimmed(m, !s.IsModuleFresh(time, timestamp, m));
        }

        // Highest and lowest cell by position, from the cells; values from 0x651 while it is fresh (it has mV).
        int hiIndex = -1, loIndex = -1, sum = 0, n = 0;
        ReadOnlySpan<ushort> all = s.CellMillivolts;
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i] == 0)
            {
                continue;
            }

            if (hiIndex < 0 || all[i] > all[hiIndex])
            {
                hiIndex = i;
            }

            if (loIndex < 0 || all[i] < all[loIndex])
            {
                loIndex = i;
            }

            sum += all[i];
            n++;
        }

        bool summary = s.CellSummary.IsFresh(time, timestamp, BatteryState.StaleAfter);
        bool cellsFresh = s.Cells.IsFresh(time, timestamp, BatteryState.StaleAfter);
        float hi = summary ? s.HighCellMillivolts / 1000f : cellsFresh && hiIndex >= 0 ? all[hiIndex] / 1000f : float.NaN;
        float lo = summary ? s.LowCellMillivolts / 1000f : cellsFresh && loIndex >= 0 ? all[loIndex] / 1000f : float.NaN;
        float avg = summary ? s.AverageCellMillivolts / 1000f : cellsFresh && n > 0 ? sum / (float)n / 1000f : float.NaN;
        High.SetNumber(hi, "0.000", " V", _ctx.Format.Numbers);
        Low.SetNumber(lo, "0.000", " V", _ctx.Format.Numbers);
        Average.SetNumber(avg, "0.000", " V", _ctx.Format.Numbers);
        SetCaption(HighCaption, _highest, hiIndex, cellsFresh);
        SetCaption(LowCaption, _lowest, loIndex, cellsFresh);
        Graph.ReferenceValue = avg;

        if (s.Cutoffs.HasValue)
        {
            Graph.LowThreshold = s.LowCutoffVolts;
            Graph.HighThreshold = s.HighCutoffVolts;
            Overlay.SetCutoffs(s.LowCutoffVolts, s.HighCutoffVolts);
            Span<char> text = stackalloc char[64];
            int len = Compose(text, s.LowCutoffVolts, s.HighCutoffVolts);
            Cutoffs.SetText(text[..len]);
        }
        else
        {
            Overlay.SetCutoffs(float.NaN, float.NaN);
            Cutoffs.SetText(_ctx.T(Tx.CellsCutoffsUnknown));
        }
    }

    /// <inheritdoc/>
    protected override void OnGesture(in Gesture gesture, Widget? target)
    {
        if (gesture.Kind == GestureKind.Tap)
        {
            _ctx.Navigate(ScreenId.Main);
        }
    }

    private static int GraphY(float volts) =>
        (int)MathF.Round(72 + 6 + ((330 - 12) * (1f - ((volts - ScaleMinimum) / (ScaleMaximum - ScaleMinimum)))));

    private static void SetCaption(Label label, string name, int index, bool fresh)
    {
        Span<char> text = stackalloc char[32];
        name.AsSpan().CopyTo(text);
        int n = name.Length;
        if (index >= 0 && fresh)
        {
            " · #".AsSpan().CopyTo(text[n..]);
            n += 4;
            (index + 1).TryFormat(text[n..], out int w, default, CultureInfo.InvariantCulture);
            n += w;
        }

        label.SetText(text[..n]);
    }

    private int Compose(Span<char> text, float low, float high) =>
        text.TryWrite(_ctx.Format.Numbers, Tx.CellsCutoffs.Format(_ctx.Language), out int n, low, high) ? n : 0;
}

/// <summary>Over the cell graph: dashed cutoff lines with their values, and module numbers under each group of six.</summary>
internal sealed class CellOverlay : Widget
{
    private readonly BarGraph _graph;
    private readonly TextRun[] _numbers = new TextRun[BatteryState.MaxModules];
    private readonly TextRun _hiText = new(Fonts.Bold, Theme.SmallTextSize - 1f);
    private readonly TextRun _loText = new(Fonts.Bold, Theme.SmallTextSize - 1f);
    private readonly SKPaint _line = new() { IsAntialias = false, Style = SKPaintStyle.Stroke, StrokeWidth = 1f };
    private readonly SKPaint _text = new() { IsAntialias = true };
    private readonly SKPathEffect _dash = SKPathEffect.CreateDash([6f, 5f], 0f);
    private int _modules;
    private float _low = float.NaN;
    private float _high = float.NaN;
    private readonly LocalFormat _format;
    private readonly string _hi;
    private readonly string _lo;

    public CellOverlay(BarGraph graph, PixelRect bounds, LocalFormat format)
        : base(bounds)
    {
        _graph = graph;
        _format = format;
        _hi = Tx.CellsHi[format.Language];
        _lo = Tx.CellsLo[format.Language];
        for (int i = 0; i < _numbers.Length; i++)
        {
            _numbers[i] = new TextRun(Fonts.Regular, 12f, 4);
            _numbers[i].Set((i + 1).ToString(CultureInfo.InvariantCulture));
        }
    }

    public void SetModules(int modules)
    {
        if (modules != _modules)
        {
            _modules = modules;
            Invalidate();
        }
    }

    public void SetCutoffs(float low, float high)
    {
        if (BitConverter.SingleToInt32Bits(low) == BitConverter.SingleToInt32Bits(_low)
            && BitConverter.SingleToInt32Bits(high) == BitConverter.SingleToInt32Bits(_high))
        {
            return;
        }

        _low = low;
        _high = high;
        Span<char> t = stackalloc char[16];
        Format(_hiText, _hi, high, t);
        Format(_loText, _lo, low, t);
        Invalidate();
    }

    public override bool HitTest(int x, int y) => false;

    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        PixelRect g = _graph.Bounds;
        int inner = g.Bottom - 6;
        DrawCutoff(canvas, _high, _hiText, Theme.Amber, g, inner);
        DrawCutoff(canvas, _low, _loText, Theme.Discharge, g, inner);

        // Module numbers: every module when there is room, else every other one.
        int every = 1;
        if (_modules > 0)
        {
            PixelRect first = _graph.ColumnRect(0);
            PixelRect last = _graph.ColumnRect(Math.Min(_graph.Count - 1, 5));
            if (last.Right - first.X < 18)
            {
                every = 2;
            }
        }

        _text.Color = Theme.TextDim;
        for (int m = 0; m < _modules && m * 6 < _graph.Count; m++)
        {
            if (m % every != 0)
            {
                continue;
            }

            PixelRect a = _graph.ColumnRect(m * 6);
            PixelRect b = _graph.ColumnRect(Math.Min(_graph.Count - 1, (m * 6) + 5));
            var box = new SKRect(a.X - 8, g.Bottom + 2, b.Right + 8, Bounds.Bottom - 2);
            _text.Color = _graph.IsGroupDimmed(m) ? Theme.TextDisabled : Theme.TextDim;
            _numbers[m].DrawIn(canvas, box, TextAlign.Center, _text);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (TextRun r in _numbers)
            {
                r.Dispose();
            }

            _hiText.Dispose();
            _loText.Dispose();
            _line.Dispose();
            _text.Dispose();
            _dash.Dispose();
        }
    }

    private void Format(TextRun run, string prefix, float v, Span<char> t)
    {
        prefix.AsSpan().CopyTo(t);
        if (float.IsNaN(v))
        {
            run.Set(default);
            return;
        }

        v.TryFormat(t[prefix.Length..], out int n, "0.00", _format.Numbers);
        run.Set(t[..(prefix.Length + n)]);
    }

    private void DrawCutoff(SKCanvas canvas, float v, TextRun label, SKColor color, PixelRect g, int innerBottom)
    {
        if (float.IsNaN(v) || v <= _graph.Minimum || v >= _graph.Maximum)
        {
            return;
        }

        float y = innerBottom - _graph.BarHeight(v) + 0.5f;
        _line.Color = color;
        _line.PathEffect = _dash;
        canvas.DrawLine(g.X + 6, y, g.Right - 6, y, _line);
        _line.PathEffect = null;
        // On a pill of background so the value stays readable over the bars.
        float w = label.Width;
        var pill = new SKRect(g.Right - 18 - w, y - 10, g.Right - 8, y + 10);
        _text.Color = Theme.Background;
        canvas.DrawRoundRect(pill, 4f, 4f, _text);
        _text.Color = color;
        label.DrawIn(canvas, pill, TextAlign.Center, _text);
    }
}
