namespace FbDisplay.TestSupport;

/// <summary>Real time zones for day-boundary tests, with a built-in stand-in where the machine has no tz database.</summary>
public static class TestZones
{
    /// <summary>
    /// Europe/Berlin: CET (+1) in winter, CEST (+2) from the last Sunday of March 02:00 to the last Sunday of October
    /// 03:00, so one day has 23 hours and one 25.
    /// </summary>
    public static TimeZoneInfo Berlin { get; } = FindOr("Europe/Berlin", CentralEuropean);

    /// <summary>The UTC instant of a local wall-clock time in <paramref name="zone"/> (which must exist and be unambiguous).</summary>
    public static long UnixSeconds(TimeZoneInfo zone, int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified), zone)).ToUnixTimeSeconds();

    private static TimeZoneInfo FindOr(string id, Func<TimeZoneInfo> fallback)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return fallback();
        }
    }

    private static TimeZoneInfo CentralEuropean()
    {
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(1996, 1, 1), DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday),
            TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday));
        return TimeZoneInfo.CreateCustomTimeZone("Europe/Berlin (built-in)", TimeSpan.FromHours(1), "CET/CEST", "CET", "CEST", [rule]);
    }
}
