namespace Porch.Tests.Logging;

/// <summary>A clock the test moves by hand, in a fixed-offset local time zone.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start, TimeSpan localOffset) : TimeProvider
{
    private readonly TimeZoneInfo zone = TimeZoneInfo.CreateCustomTimeZone($"Test{localOffset}", localOffset, "Test", "Test");
    private long utcTicks = start.UtcTicks;

    public override TimeZoneInfo LocalTimeZone => zone;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref utcTicks, by.Ticks);
}
