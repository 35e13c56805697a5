using System.Globalization;
using FbDisplay.Core.Battery;
using FbDisplay.Core.Display;
using FbDisplay.Core.Text;
using FbDisplay.Ui.Drawing;
using SkiaSharp;

namespace FbDisplay.Ui.Widgets;

/// <summary>
/// A red panel for what the controller reports in 0x654 and nobody may miss: a contactor open (which one, since when)
/// and a fault (its code and name, since when). Hidden while all is well; amber once 0x654 stops arriving (the last
/// word, not live). Text is rebuilt only when the state or the minute changes, so a steady tick allocates nothing.
/// </summary>
public sealed class ControllerStatePanel : Widget
{
    private readonly TextRun _title = new(Fonts.Bold, Theme.TextSize, 32);
    private readonly TextRun _line1 = new(Fonts.Regular, Theme.SmallTextSize, 48);
    private readonly TextRun _line2 = new(Fonts.Regular, Theme.SmallTextSize, 48);
    private readonly SKPaint _fill = new() { IsAntialias = true, Color = Theme.Discharge };
    private readonly SKPaint _text = new() { IsAntialias = true, Color = SKColors.White };
    private int _shownContactors = -1;
    private int _shownFault = -1;
    private long _shownSince = -1;
    private bool _shownStale;

    private readonly LocalFormat _format;

    /// <summary>Creates the (hidden) panel; its words and times in <paramref name="format"/>'s language (English when null).</summary>
    public ControllerStatePanel(PixelRect bounds, LocalFormat? format = null)
        : base(bounds)
    {
        _format = format ?? LocalFormat.English;
        Visible = false;
    }

    public ReadOnlySpan<char> TitleText => _title.Text;

    public ReadOnlySpan<char> Line1Text => _line1.Text;

    public ReadOnlySpan<char> Line2Text => _line2.Text;

    /// <summary>Shows (or hides) the state in <paramref name="s"/> as of <paramref name="now"/>.</summary>
    public void Show(BatteryState s, TimeProvider time, long now)
    {
        if (s.IsPylontech)
        {
            ShowProtection(s, time, now);
            return;
        }

        int contactors = s.ControllerStatus.HasValue ? s.ContactorCode : 0;
        int fault = s.ControllerStatus.HasValue ? s.FaultCode : 0;
        Visible = contactors != 0 || fault != 0;
        if (!Visible)
        {
            _shownContactors = _shownFault = -1;
            return;
        }

        bool stale = !s.ControllerStatus.IsFresh(time, now, BatteryState.StaleAfter);
        long since = contactors != 0 ? s.ContactorOpenSince : s.FaultSince;
        DateTimeOffset at = time.GetLocalNow() - time.GetElapsedTime(since, now);
        long sinceMinute = at.ToUnixTimeSeconds() / 60;
        if (contactors == _shownContactors && fault == _shownFault && sinceMinute == _shownSince && stale == _shownStale)
        {
            return;
        }

        _shownContactors = contactors;
        _shownFault = fault;
        _shownSince = sinceMinute;
        _shownStale = stale;
        _fill.Color = stale ? Theme.Amber : Theme.Discharge;
        _text.Color = stale ? Theme.Background : SKColors.White;

        DisplayLanguage l = _format.Language;
        CultureInfo c = CultureInfo.InvariantCulture;
        Span<char> b = stackalloc char[64];
        int n;
        Span<char> when = stackalloc char[32];
        int w = WriteSince(when, at, time.GetLocalNow());
        if (contactors != 0)
        {
            _title.Set((contactors == 3 ? Tx.ContactorsOpenCaps : Tx.ContactorOpenCaps)[l]);
            b.TryWrite(c, $"{Tx.Contactor(contactors)[l]} · {when[..w]}", out n);
            _line1.Set(b[..n]);
            n = fault == 0 ? 0 : WriteFault(b, fault);
            _line2.Set(b[..n]);
        }
        else
        {
            b.TryWrite(c, Tx.FaultCaps.Format(l), out n, fault);
            _title.Set(b[..n]);
            _line1.Set((Tx.ControllerFault(fault) ?? Tx.UnknownCode)[l]);
            _line2.Set(when[..w]);
        }

        if (stale)
        {
            b.TryWrite(c, $"{_line2.Text}{(_line2.Text.Length > 0 ? " · " : "")}{Tx.LastReport[l]}", out n);
            _line2.Set(b[..n]);
        }

        float room = Bounds.Width - 12;
        Fit(_title, Theme.TextSize, room);
        Fit(_line1, Theme.SmallTextSize, room);
        Fit(_line2, Theme.SmallTextSize, room);
        Invalidate();
    }

    /// <summary>A Pylontech battery's protection bits (0x359 bytes 0-1): it has stopped charging or discharging.</summary>
    private void ShowProtection(BatteryState s, TimeProvider time, long now)
    {
        int protection = s.BmsAlarms.HasValue ? s.ProtectionFlags & PylontechFlags.Known : 0;
        Visible = protection != 0;
        bool stale = !s.BmsAlarms.IsFresh(time, now, BatteryState.StaleAfter);
        if (!Visible || (protection == -_shownFault - 2 && stale == _shownStale))
        {
            _shownFault = Visible ? _shownFault : -1;
            return;
        }

        _shownFault = -protection - 2; // never equal to an EVTV fault code
        _shownContactors = -1;
        _shownStale = stale;
        _fill.Color = stale ? Theme.Amber : Theme.Discharge;
        _text.Color = stale ? Theme.Background : SKColors.White;
        DisplayLanguage l = _format.Language;
        _title.Set(Tx.BmsProtectionCaps[l]);
        _line1.Set(Tx.Protection(protection)?[l] ?? "");
        int more = System.Numerics.BitOperations.PopCount((uint)protection) - 1;
        Span<char> b = stackalloc char[32];
        int n = 0;
        if (more > 0)
        {
            b.TryWrite(CultureInfo.InvariantCulture, Tx.AndMore.Format(l), out n, more);
        }

        if (stale)
        {
            b[n..].TryWrite(CultureInfo.InvariantCulture, $"{(n > 0 ? " · " : "")}{Tx.LastReport[l]}", out int m);
            n += m;
        }

        _line2.Set(b[..n]);
        float room = Bounds.Width - 12;
        Fit(_title, Theme.TextSize, room);
        Fit(_line1, Theme.SmallTextSize, room);
        Fit(_line2, Theme.SmallTextSize, room);
        Invalidate();
    }

    /// <summary>The longest fault names do not fit the dial at full size: shrink a line until it does.</summary>
    private static void Fit(TextRun run, float size, float room)
    {
        run.Size = size;
        while (run.Width > room && run.Size > 9)
        {
            run.Size -= 1;
        }
    }

    /// <inheritdoc/>
    public override void FindOverflows(ICollection<TextOverflow> into)
    {
        if (Visible)
        {
            float room = Bounds.Width - 12;
            CheckFits(into, _title.Text, _title.Width, room);
            CheckFits(into, _line1.Text, _line1.Width, room);
            CheckFits(into, _line2.Text, _line2.Width, room);
        }
    }

    public override void Draw(SKCanvas canvas, in PixelRect clip)
    {
        SKRect r = BoundsRect;
        canvas.DrawRoundRect(r, 10, 10, _fill);
        bool three = _line2.Text.Length > 0;
        float top = r.Top + (three ? 6 : 12);
        _title.DrawIn(canvas, new SKRect(r.Left + 6, top, r.Right - 6, top + 24), TextAlign.Center, _text);
        _line1.DrawIn(canvas, new SKRect(r.Left + 6, top + 24, r.Right - 6, top + 42), TextAlign.Center, _text);
        if (three)
        {
            _line2.DrawIn(canvas, new SKRect(r.Left + 6, top + 42, r.Right - 6, top + 60), TextAlign.Center, _text);
        }
    }

    private int WriteFault(Span<char> into, int fault)
    {
        CultureInfo c = CultureInfo.InvariantCulture;
        DisplayLanguage l = _format.Language;
        int n;
        return (Tx.ControllerFault(fault) is { } name
            ? into.TryWrite(c, Tx.FaultNamed.Format(l), out n, fault, name[l])
            : into.TryWrite(c, Tx.FaultUnknown.Format(l), out n, fault)) ? n : 0;
    }

    /// <summary>"since 14:02", or with the date once it is not today.</summary>
    private int WriteSince(Span<char> into, DateTimeOffset at, DateTimeOffset now)
    {
        Span<char> time = stackalloc char[24];
        int t = _format.FormatTime(time, at, withDate: at.Date != now.Date);
        return Tx.Since.Fill(into, _format.Language, time[..t]);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _title.Dispose();
            _line1.Dispose();
            _line2.Dispose();
            _fill.Dispose();
            _text.Dispose();
        }
    }
}
