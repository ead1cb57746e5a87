using Porch.Acme;

namespace Porch.Tests.Acme;

public class RenewalPolicyTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DueAt_NoRenewalInfo_WhenAThirdOfTheLifetimeRemains()
    {
        Assert.Equal(Start.AddDays(60), RenewalPolicy.DueAt(Start, Start.AddDays(90), null, 0.5));
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(0.5, 12)]
    [InlineData(1.0, 24)]
    public void DueAt_RenewalInfoWindow_ARandomMomentInsideIt(double random, int hoursIn)
    {
        var window = new RenewalWindow(Start.AddDays(10), Start.AddDays(11), null);
        Assert.Equal(Start.AddDays(10).AddHours(hoursIn), RenewalPolicy.DueAt(Start, Start.AddDays(90), window, random));
    }

    [Fact]
    public void Backoff_DoublesWithJitterUpToSixHours()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), RenewalPolicy.Backoff(1, 1.0, null));
        Assert.Equal(TimeSpan.FromSeconds(30), RenewalPolicy.Backoff(1, 0.0, null));
        Assert.Equal(TimeSpan.FromMinutes(8), RenewalPolicy.Backoff(4, 1.0, null));
        Assert.Equal(TimeSpan.FromHours(6), RenewalPolicy.Backoff(30, 1.0, null));
        Assert.Equal(TimeSpan.FromHours(3), RenewalPolicy.Backoff(30, 0.0, null));
    }

    [Fact]
    public void Backoff_LongerRetryAfterFromTheCa_Wins()
    {
        Assert.Equal(TimeSpan.FromHours(2), RenewalPolicy.Backoff(1, 1.0, TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromMinutes(1), RenewalPolicy.Backoff(1, 1.0, TimeSpan.FromSeconds(5)));
    }
}
