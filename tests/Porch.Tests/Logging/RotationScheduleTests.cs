using Porch.Logging;

namespace Porch.Tests.Logging;

public class RotationScheduleTests
{
    [Theory]
    [InlineData("Hourly", "2026-11-21T11:02:20+01:00", "2026-11-21T12:00:00+01:00")]
    [InlineData("Hourly", "2026-11-21T23:59:59+01:00", "2026-11-22T00:00:00+01:00")]
    [InlineData("Daily", "2026-11-21T11:02:20+01:00", "2026-11-22T00:00:00+01:00")]
    [InlineData("Daily", "2026-11-21T00:00:00+01:00", "2026-11-22T00:00:00+01:00")]
    [InlineData("Weekly", "2026-11-21T11:02:20+01:00", "2026-11-23T00:00:00+01:00")]
    [InlineData("Weekly", "2026-11-23T00:00:00+01:00", "2026-11-30T00:00:00+01:00")]
    [InlineData("Monthly", "2026-11-21T11:02:20+01:00", "2026-12-01T00:00:00+01:00")]
    [InlineData("Monthly", "2026-12-31T23:00:00+01:00", "2027-01-01T00:00:00+01:00")]
    public void Next_FixedOffsetZone_NextLocalBoundary(string every, string now, string expected)
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("Plus1", TimeSpan.FromHours(1), "Plus1", "Plus1");

        var next = RotationSchedule.Next(Enum.Parse<RotationInterval>(every), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), zone);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Fact]
    public void Next_HalfHourZone_HourlyBoundaryIsTheLocalHour()
    {
        var india = TimeZoneInfo.CreateCustomTimeZone("India", new TimeSpan(5, 30, 0), "India", "India");

        var next = RotationSchedule.Next(RotationInterval.Hourly, new DateTimeOffset(2026, 11, 21, 10, 10, 0, TimeSpan.Zero), india);

        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 30, 0, TimeSpan.Zero), next);
    }

    [Fact]
    public void Next_MidnightSkippedByDaylightSaving_RotatesWhenTheClockResumes()
    {
        // Clocks jump from 00:00 to 01:00 on 2026-03-08 in this zone (as in some South American zones).
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(2026, 1, 1), new DateTime(2026, 12, 31), TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0), 3, 8),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 0, 0), 10, 4));
        var zone = TimeZoneInfo.CreateCustomTimeZone("Jump", TimeSpan.FromHours(-4), "Jump", "Jump", "JumpDst", [rule]);

        var next = RotationSchedule.Next(RotationInterval.Daily, new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.FromHours(-4)), zone);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 1, 0, 0, TimeSpan.FromHours(-3)), next);
    }
}
