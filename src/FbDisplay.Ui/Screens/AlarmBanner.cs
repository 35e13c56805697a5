using System.Globalization;
using FbDisplay.Core.Alarms;
using FbDisplay.Core.Text;
using FbDisplay.Core.Display;
using FbDisplay.Ui.Drawing;
using FbDisplay.Ui.Input;
using FbDisplay.Ui.Screens;
using SkiaSharp;

namespace FbDisplay.Ui.Screens;

/// <summary>
/// Shown over every screen while an alarm is raised. Unacknowledged: a red strip along the bottom naming the newest
/// alarm, its value and when it was raised; a tap acknowledges (and silences a buzzer). Acknowledged but still raised:
/// a small amber tag in the bottom-left corner; a tap opens the alarm screen. Nothing raised: hidden. Text is rebuilt
/// only when the alarms change, so a steady tick allocates nothing.
/// </summary>
public sealed class AlarmBanner : Widget
{
    public const int StripHeight = 52;
    private static readonly PixelRect Hidden = new(0, 0, 1, 1);

    private readonly DisplayContext _ctx;
    private readonly int _width;
    private readonly int _height;
    private readonly TextRun _title = new(Fonts.Bold, Theme.TextSize, 96);
    private readonly TextRun _detail = new(Fonts.Regular, Theme.SmallTextSize, 96);
    private readonly TextRun _hint = new(Fonts.Bold, Theme.SmallTextSize, 32);
    private readonly SKPaint _fill = new() { IsAntialias = true };
    private readonly SKPaint _text = new() { IsAntialias = true, Color = SKColors.White };
    private long _shownVersion = -1;
    private Core.Units.TemperatureUnit _shownUnit;
    private BannerMode _mode = BannerMode.None;

    public AlarmBanner(DisplayContext context, int width = 800, int height = 480)
        : base(Hidden)
    {
        _ctx = context;
        _width = width;
        _height = height;
        Visible = false;
        _hint.Set(context.T(Tx.BannerTapToAcknowledge));
    }

    public BannerMode Mode => _mode;

    /// <summary>Where the red strip sits when shown: the bottom of the screen.</summary>
    public PixelRect StripBounds => new(0, _height - StripHeight, _width, StripHeight);

    /// <summary>Where the acknowledged tag sits.</summary>
    public PixelRect TagBounds => new(8, _height - 42, Math.Max(196, (int)MathF.Ceiling(_title.Width) + 50), 34);

    public ReadOnlySpan<char> TitleText => _title.Text;

    public ReadOnlySpan<char> DetailText => _detail.Text;

    public override void Update(long timestamp)
    {
        AlarmMonitor? alarms = _ctx.Alarms;
        if (alarms is null || (alarms.Version == _shownVersion && _ctx.TemperatureUnit == _shownUnit))
        {
            return;
        }

        _shownVersion = alarms.Version;
        _shownUnit = _ctx.TemperatureUnit;
        BannerMode mode = alarms.Unacknowledged != AlarmSet.None ? BannerMode.Unacknowledged
            : alarms.Raised != AlarmSet.None ? BannerMode.Acknowledged
            : BannerMode.None;
        Rebuild(alarms, mode);
        if (mode == BannerMode.Acknowledged && _mode == mode && Bounds != TagBounds)
        {
            Invalidate();
            Bounds = TagBounds; // a longer count in another language
        }

        if (mode != _mode)
        {
            Invalidate();
            _mode = mode;
            Visible = mode != BannerMode.None;
            Bounds = mode switch
            {
                BannerMode.Unacknowledged => StripBounds,
                BannerMode.Acknowledged => TagBounds,
                _ => Hidden,
            };
        }

        Invalidate();
    }

    public override bool OnGesture(in Gesture gesture)
    {
        if (gesture.Kind != GestureKind.Tap)
        {
            return true; // the banner takes its touches; nothing beneath it reacts
        }

        if (_mode == BannerMode.Unacknowledged)
        {
            _ctx.Alarms?.AcknowledgeAll();
        }
        else if (_mode == BannerMode.Acknowledged)
        {
            _ctx.Navigate(ScreenId.Alarms);
        }

        return true;
    }

    /// <inheritdoc/>
    public override void FindOverflows(ICollection<TextOverflow> into)
    {
        if (_mode == BannerMode.Unacknowledged)
        {
            float room = Bounds.Width - 56 - 16 - _hint.Width - 12;
            CheckFits(into, _title.Text, _title.Width, room);
            CheckFits(into, _detail.Text, _detail.Width, room);
        }
        else if (_mode == BannerMode.Acknowledged)
        {
            CheckFits(into, _title.Text, _title.Width, Bounds.Width - 46);
        }
    }

    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        SKRect r = BoundsRect;
        if (_mode == BannerMode.Unacknowledged)
        {
            _fill.Color = Theme.Discharge;
            canvas.DrawRect(r, _fill);
            Icons.Draw(canvas, IconKind.Warning, new SKRect(r.Left + 14, r.Top + 12, r.Left + 42, r.Top + 40), _text);
            _title.Draw(canvas, r.Left + 56, r.Top + 22, _text);
            _detail.Draw(canvas, r.Left + 56, r.Top + 42, _text);
            _hint.DrawIn(canvas, new SKRect(r.Right - 16 - MathF.Max(204, _hint.Width), r.Top, r.Right - 16, r.Bottom), TextAlign.Right, _text);
        }
        else if (_mode == BannerMode.Acknowledged)
        {
            _fill.Color = Theme.Amber;
            canvas.DrawRoundRect(r, Theme.CornerRadius, Theme.CornerRadius, _fill);
            _fill.Color = Theme.Background;
            Icons.Draw(canvas, IconKind.Warning, new SKRect(r.Left + 8, r.Top + 6, r.Left + 30, r.Top + 28), _fill);
            _fill.Style = SKPaintStyle.Fill;
            _title.DrawIn(canvas, new SKRect(r.Left + 38, r.Top, r.Right - 8, r.Bottom), TextAlign.Left, _fill);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _title.Dispose();
            _detail.Dispose();
            _hint.Dispose();
            _fill.Dispose();
            _text.Dispose();
        }
    }

    private void Rebuild(AlarmMonitor alarms, BannerMode mode)
    {
        Span<char> buffer = stackalloc char[96];
        CultureInfo c = CultureInfo.InvariantCulture;
        if (mode == BannerMode.Acknowledged)
        {
            int count = System.Numerics.BitOperations.PopCount((uint)alarms.Raised);
            int n = 0;
            _ = count == 1 ? buffer.TryWrite(c, $"{_ctx.T(Tx.BannerOneActive)}", out n) : buffer.TryWrite(c, Tx.BannerActive.Format(_ctx.Language), out n, count);
            _title.Set(buffer[..n]);
            _title.Size = Theme.SmallTextSize;
            return;
        }

        if (mode != BannerMode.Unacknowledged)
        {
            return;
        }

        // The newest unacknowledged alarm leads; the others are counted.
        AlarmKind lead = AlarmKind.CellHigh;
        long newest = long.MinValue;
        int others = -1;
        for (int i = 0; i < AlarmKinds.Count; i++)
        {
            var k = (AlarmKind)i;
            if (alarms.Unacknowledged.Contains(k))
            {
                others++;
                if (alarms[k].RaisedAtUnixMilliseconds > newest)
                {
                    newest = alarms[k].RaisedAtUnixMilliseconds;
                    lead = k;
                }
            }
        }

        _title.Size = Theme.TextSize;
        string title = _ctx.T(Tx.AlarmTitle(lead));
        int len = others > 0 && buffer.TryWrite(c, Tx.BannerMore.Format(_ctx.Language), out int w, title, others) ? w : CopyTo(buffer, title);
        _title.Set(buffer[..len]);

        int v = AlarmText.FormatValue(buffer, lead, alarms[lead].Value, _ctx.TemperatureUnit, _ctx.Format);
        DateTimeOffset at = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(newest), _ctx.Time.LocalTimeZone);
        Span<char> time = stackalloc char[8];
        v += Tx.BannerSince.Fill(buffer[v..], _ctx.Language, time[.._ctx.Format.FormatTime(time, at, withDate: false)]);

        _detail.Set(buffer[..v]);
    }

    private static int CopyTo(Span<char> buffer, string text)
    {
        int n = Math.Min(text.Length, buffer.Length);
        text.AsSpan(0, n).CopyTo(buffer);
        return n;
    }
}

public enum BannerMode
{
    None,
    Unacknowledged,
    Acknowledged,
}
