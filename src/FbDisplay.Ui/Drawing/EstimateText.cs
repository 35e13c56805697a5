using System.Globalization;
using FbDisplay.Core.Energy;
using FbDisplay.Core.Text;

namespace FbDisplay.Ui.Drawing;

/// <summary>"Full in 2 h 15 min", "Empty in 40 min", "Full in more than 99 h": written into a buffer, no allocation.</summary>
public static class EstimateText
{
    /// <summary>Writes the estimate in <paramref name="language"/>; 0 characters when there is none.</summary>
    public static int Format(Span<char> into, in BatteryEstimate estimate, DisplayLanguage language = DisplayLanguage.English)
    {
        if (!estimate.HasValue)
        {
            return 0;
        }

        Text what = estimate.Direction == EstimateDirection.ToFull ? Tx.FullIn : Tx.EmptyIn;
        CultureInfo c = CultureInfo.InvariantCulture;
        string h = Tx.UnitHour[language];
        Span<char> time = stackalloc char[40];
        int t;
        if (estimate.IsCapped)
        {
            t = time.TryWrite(c, Tx.MoreThanHours.Format(language), out int capped, (int)BatteryEstimate.Cap.TotalHours, h) ? capped : 0;
        }
        else
        {
            long minutes = (long)Math.Ceiling(estimate.Time.TotalMinutes);
            string min = Tx.UnitMinute[language];
            bool ok = minutes < 60
                ? time.TryWrite(c, $"{minutes} {min}", out t)
                : time.TryWrite(c, $"{minutes / 60} {h} {minutes % 60:00} {min}", out t);
            t = ok ? t : 0;
        }

        return what.Fill(into, language, time[..t]);
    }
}
