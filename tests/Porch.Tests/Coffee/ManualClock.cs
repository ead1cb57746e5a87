namespace Porch.Tests.Coffee;

/// <summary>A clock the test moves by hand, so a 30 s brew finishes without waiting. Local time is UTC.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long ticks = new DateTimeOffset(1998, 4, 1, 10, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
