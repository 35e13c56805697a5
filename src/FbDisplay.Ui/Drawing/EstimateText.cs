using System.Globalization;
using FbDisplay.Core.Energy;

namespace FbDisplay.Ui.Drawing;

/// <summary>"Full in 2 h 15 min", "Empty in 40 min", "Full in more than 99 h": written into a buffer, no allocation.</summary>
public static class EstimateText
{
    public static int Format(Span<char> into, in BatteryEstimate estimate)
    {
        if (!estimate.HasValue)
        {
            return 0;
        }

        string what = estimate.Direction == EstimateDirection.ToFull ? "Full in " : "Empty in ";
        CultureInfo c = CultureInfo.InvariantCulture;
        if (estimate.IsCapped)
        {
            return into.TryWrite(c, $"{what}more than {(int)BatteryEstimate.Cap.TotalHours} h", out int capped) ? capped : 0;
        }

        long minutes = (long)Math.Ceiling(estimate.Time.TotalMinutes);
        bool ok = minutes < 60
            ? into.TryWrite(c, $"{what}{minutes} min", out int n)
            : into.TryWrite(c, $"{what}{minutes / 60} h {minutes % 60:00} min", out n);
        return ok ? n : 0;
    }
}
