using FbDisplay.Core.History;
using FbDisplay.Core.Logging;
using FbDisplay.Settings;
using Microsoft.Extensions.Logging;

namespace FbDisplay.App;

/// <summary>
/// Demo:HistoryLog: the past days the demo's simulator lived through (docs/demo.md), read from a PowerSafe100.log at
/// start, before the tick loop runs. The history store takes them only when it holds nothing yet, the energy counters
/// only when there is no energy.json: a data directory that has its own past keeps it.
/// </summary>
internal static class DemoBackfill
{
    /// <summary>The seconds of the log in time order; empty when the setting is off or the file cannot be read.</summary>
    public static SecondSample[] Read(string path, TimeProvider time, ILogger log)
    {
        if (path.Length == 0)
        {
            return [];
        }

        var seconds = new List<SecondSample>(4 * 86400);
        int unreadable = 0;
        long last = long.MinValue;
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                if (!PowerSafeLogLine.TryParse(line, out LogRecord r) || !TryUnixSeconds(r.LocalTime, time.LocalTimeZone, out long t) || t <= last)
                {
                    unreadable++; // a torn line, or the hour a clock change repeats
                    continue;
                }

                last = t;
                seconds.Add(new SecondSample(t, r.SocPercent, r.PackVolts, r.CurrentAmps, r.PowerWatts, r.AmpHours, r.MaxTemperatureC, r.MaxTemperatureC, 0, 0, 0));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("{Setting}: cannot read {Path}: {Message}; the demo starts without its past days", Catalog.Demo.HistoryLog.Key, path, e.Message);
            return [];
        }

        log.LogInformation("{Setting}: {Seconds} seconds read from {Path} ({Unreadable} lines skipped)", Catalog.Demo.HistoryLog.Key, seconds.Count, path, unreadable);
        return [.. seconds];
    }

    private static bool TryUnixSeconds(DateTime local, TimeZoneInfo zone, out long unixSeconds)
    {
        unixSeconds = 0;
        if (zone.IsInvalidTime(local))
        {
            return false;
        }

        unixSeconds = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUnixTimeSeconds();
        return true;
    }
}
