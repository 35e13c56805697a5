using System.Globalization;
using System.Text;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Widgets;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// The alarms: those raised now (red while unacknowledged, amber once seen) and the history, newest first, with
/// local dates and times. ACKNOWLEDGE silences them all. The lists are rebuilt only when the alarms change.
/// </summary>
public sealed class AlarmScreen : Screen
{
    /// <summary>History lines that fit on the screen.</summary>
    public const int HistoryLines = 9;

    private readonly DisplayContext _ctx;
    private long _shownVersion = -1;

    public AlarmScreen(DisplayContext context, int width = 800, int height = 480)
        : base(width, height)
    {
        _ctx = context;
        Close = Add(new Button(new PixelRect(6, 6, 64, 56), icon: IconKind.Close));
        Close.Clicked += (_, _) => _ctx.Navigate(ScreenId.Main);
        Title = Add(new Label(new PixelRect(84, 6, 380, 32), context.T(Tx.AlarmsTitle), Theme.TextSize + 4f, bold: true));
        Subtitle = Add(new Label(new PixelRect(84, 38, 380, 22), "", Theme.SmallTextSize - 1f, bold: true) { Color = Theme.TextDim });
        Acknowledge = Add(new Button(new PixelRect(534, 6, 260, 56), context.T(Tx.Acknowledge), IconKind.Check, Theme.TextSize + 2f));
        Acknowledge.Clicked += (_, _) => _ctx.Alarms?.AcknowledgeAll();
        Add(new Label(new PixelRect(14, 72, 300, 22), context.T(Tx.AlarmsRaisedNow), Theme.SmallTextSize, bold: true) { Color = Theme.TextDim });
        Active = Add(new TextBlock(new PixelRect(10, 96, 780, 132), "", Theme.TextSize, bold: true)
        {
            ShowPanel = true, Padding = 12, LineSpacing = 1.45f, TabStops = [250, 430],
        });
        Add(new Label(new PixelRect(14, 238, 300, 22), context.T(Tx.AlarmsHistory), Theme.SmallTextSize, bold: true) { Color = Theme.TextDim });
        History = Add(new TextBlock(new PixelRect(10, 262, 780, 210), "", Theme.SmallTextSize)
        {
            ShowPanel = true, Padding = 12, LineSpacing = 1.45f, TabStops = [110, 210, 420],
        });
    }

    public Button Close { get; }

    public Label Title { get; }

    public Label Subtitle { get; }

    public Button Acknowledge { get; }

    public TextBlock Active { get; }

    public TextBlock History { get; }

    protected override void OnShown() => _shownVersion = -1;

    protected override void OnUpdate(long timestamp)
    {
        AlarmMonitor? alarms = _ctx.Alarms;
        long version = alarms?.Version ?? 0;
        if (version == _shownVersion)
        {
            return;
        }

        _shownVersion = version;
        Acknowledge.Enabled = alarms is not null && alarms.Unacknowledged != AlarmSet.None;
        if (alarms is null)
        {
            Subtitle.SetText(_ctx.T(Tx.AlarmsOff));
            Active.Text = "";
            History.Text = "";
            return;
        }

        int raised = System.Numerics.BitOperations.PopCount((uint)alarms.Raised);
        Subtitle.SetText(raised == 0 ? _ctx.T(Tx.AlarmsAllClear) : raised == 1 ? _ctx.T(Tx.AlarmsOneRaised) : string.Format(CultureInfo.InvariantCulture, Tx.AlarmsRaised.Format(_ctx.Language), raised));
        Active.Color = alarms.Unacknowledged != AlarmSet.None ? Theme.Discharge : raised > 0 ? Theme.Amber : Theme.Charge;
        Active.Text = DescribeActive(alarms);
        History.Text = DescribeHistory(alarms);
    }

    private string DescribeActive(AlarmMonitor alarms)
    {
        if (alarms.Raised == AlarmSet.None)
        {
            return _ctx.T(Tx.AlarmsNoneRaised);
        }

        var sb = new StringBuilder();
        Span<char> value = stackalloc char[64];
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            var k = (AlarmKind)i;
            AlarmStatus s = alarms[k];
            if (!s.Raised)
            {
                continue;
            }

            int n = AlarmText.FormatValue(value, k, s.Value, _ctx.TemperatureUnit, _ctx.Format);
            sb.Append(_ctx.T(Tx.AlarmTitle(k))).Append('\t').Append(value[..n]).Append('\t')
                .Append(string.Format(CultureInfo.InvariantCulture, Tx.Since.Format(_ctx.Language), When(s.RaisedAtUnixMilliseconds, withDate: true)));
            sb.Append(s.Acknowledged ? _ctx.T(Tx.AlarmsSeen) : "").Append('\n');
        }

        return sb.ToString().TrimEnd('\n');
    }

    private string DescribeHistory(AlarmMonitor alarms)
    {
        if (alarms.HistoryCount == 0)
        {
            return _ctx.T(Tx.AlarmsNothingYet);
        }

        var sb = new StringBuilder();
        Span<char> value = stackalloc char[64];
        int shown = Math.Min(HistoryLines, alarms.HistoryCount);
        for (int j = 0; j < shown; j++)
        {
            AlarmEvent e = alarms.History(alarms.HistoryCount - 1 - j);
            int n = AlarmText.FormatValue(value, e.Kind, e.Value, _ctx.TemperatureUnit, _ctx.Format);
            string what = _ctx.T(e.Type switch
            {
                AlarmEventType.Raised => Tx.EventRaised,
                AlarmEventType.Cleared => Tx.EventCleared,
                _ => Tx.EventSeen,
            });
            sb.Append(When(e.UnixMilliseconds, withDate: true)).Append('\t').Append(what).Append('\t')
                .Append(_ctx.T(Tx.AlarmTitle(e.Kind))).Append('\t').Append(value[..n]).Append('\n');
        }

        if (alarms.HistoryCount > shown)
        {
            sb.AppendFormat(CultureInfo.InvariantCulture, Tx.AlarmsEarlier.Format(_ctx.Language), alarms.HistoryCount - shown);
        }

        return sb.ToString().TrimEnd('\n');
    }

    private string When(long unixMilliseconds, bool withDate)
    {
        DateTimeOffset at = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds), _ctx.Time.LocalTimeZone);
        return _ctx.Format.FormatTime(at, withDate);
    }
}
