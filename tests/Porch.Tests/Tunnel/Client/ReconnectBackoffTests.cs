using Porch.Tests.Support;
using Porch.Tunnel.Client;

namespace Porch.Tests.Tunnel.Client;

public sealed class ReconnectBackoffTests
{
    private readonly ManualTimers time = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Next_WithoutJitter_Doubles250msUpToTheCap()
    {
        var backoff = new ReconnectBackoff(time, () => 0.5);

        var delays = Enumerable.Range(0, 8).Select(_ => backoff.Next().TotalMilliseconds).ToList();

        Assert.Equal([250, 500, 1000, 2000, 2000, 2000, 2000, 2000], delays);
    }

    [Theory]
    [InlineData(0.0, 200)]
    [InlineData(0.999999, 300)]
    [InlineData(0.25, 225)]
    public void Next_Jitter_MovesTheFirstDelayByUpTo20Percent(double random, double expectedMs)
    {
        var backoff = new ReconnectBackoff(time, () => random);

        Assert.Equal(expectedMs, backoff.Next().TotalMilliseconds, precision: 2);
    }

    [Fact]
    public void Next_AtTheCap_NeverExceeds2Seconds()
    {
        var backoff = new ReconnectBackoff(time, () => 0.999999);
        var delays = Enumerable.Range(0, 10).Select(_ => backoff.Next()).ToList();

        Assert.All(delays, d => Assert.True(d <= ReconnectBackoff.Cap, d.ToString()));
        Assert.Equal(ReconnectBackoff.Cap, delays[^1]);
        // Below the cap, the lower half of the jitter still spreads clients out.
        var low = new ReconnectBackoff(time, () => 0.0);
        Assert.Equal(1600, Enumerable.Range(0, 10).Select(_ => low.Next()).ToList()[^1].TotalMilliseconds, precision: 2);
    }

    [Fact]
    public void Next_RandomDraws_StayWithinTheBand()
    {
        var random = new Random(5);
        var backoff = new ReconnectBackoff(time, random.NextDouble);

        for (var i = 0; i < 200; i++)
        {
            var step = Math.Min(250 * Math.Pow(2, Math.Min(i, 16)), 2000);
            var delay = backoff.Next().TotalMilliseconds;
            Assert.InRange(delay, step * 0.8, Math.Min(step * 1.2, 2000));
        }
    }

    [Fact]
    public void Next_AfterASessionOf30Seconds_StartsOver()
    {
        var backoff = new ReconnectBackoff(time, () => 0.5);
        backoff.Next();
        backoff.Next();
        backoff.Next();

        backoff.Online();
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(250, backoff.Next().TotalMilliseconds);
        Assert.Equal(500, backoff.Next().TotalMilliseconds);
    }

    [Fact]
    public void Next_AfterAShortSession_KeepsGrowing()
    {
        var backoff = new ReconnectBackoff(time, () => 0.5);
        backoff.Next();
        backoff.Next();

        backoff.Online();
        time.Advance(TimeSpan.FromSeconds(29));

        Assert.Equal(1000, backoff.Next().TotalMilliseconds);
    }
}
