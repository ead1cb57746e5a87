namespace Porch.Logging;

/// <summary>
/// When the next scheduled rotation is due: the next start of an hour, day, week (Monday, ISO 8601) or month on the
/// local clock, like logrotate's hourly/daily/weekly/monthly run from cron.
/// </summary>
internal static class RotationSchedule
{
    public static DateTimeOffset Next(RotationInterval every, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var next = every switch
        {
            RotationInterval.Hourly => local.Date.AddHours(local.Hour + 1),
            RotationInterval.Daily => local.Date.AddDays(1),
            RotationInterval.Weekly => local.Date.AddDays(7 - (((int)local.DayOfWeek + 6) % 7)),
            RotationInterval.Monthly => new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMonths(1),
            _ => throw new ArgumentOutOfRangeException(nameof(every), every, null),
        };
        return ToInstant(next, zone);
    }

    /// <summary>
    /// The instant a local wall-clock time names. A boundary the clock skips (a DST jump at midnight) happens when the
    /// clock resumes; one it shows twice (the hour after DST ends) happens the first time.
    /// </summary>
    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
