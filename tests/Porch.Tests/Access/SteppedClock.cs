namespace Porch.Tests.Access;

/// <summary>
/// A clock the test moves by hand, for code that measures intervals with <see cref="TimeProvider.GetTimestamp"/>
/// (monotonic) rather than the wall clock: both move together.
/// </summary>
internal sealed class SteppedClock : TimeProvider
{
    private long ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
