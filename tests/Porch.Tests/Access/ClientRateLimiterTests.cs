using System.Net;
using Porch.Access;

namespace Porch.Tests.Access;

public class ClientRateLimiterTests
{
    [Fact]
    public void Burst_Spent_RefusesWithARetryAfter()
    {
        var limiter = new ClientRateLimiter(3, TimeSpan.FromMinutes(1), 3, TimeProvider.System);
        var client = IPAddress.Parse("198.51.100.1");

        for (var i = 0; i < 3; i++)
        {
            Assert.True(limiter.TryAcquire(client, out _));
        }

        Assert.False(limiter.TryAcquire(client, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(21));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("198.51.100.2"), out _), "another client has its own bucket");
    }

    [Fact]
    public async Task Tokens_ComeBackAtTheRate()
    {
        var limiter = new ClientRateLimiter(20, TimeSpan.FromSeconds(1), 1, TimeProvider.System);
        var client = IPAddress.Parse("198.51.100.1");
        Assert.True(limiter.TryAcquire(client, out _));
        Assert.False(limiter.TryAcquire(client, out _));

        await Task.Delay(TimeSpan.FromMilliseconds(300));

        Assert.True(limiter.TryAcquire(client, out _));
    }

    [Fact]
    public void Ipv6_OneSlash64_IsOneClient()
    {
        var limiter = new ClientRateLimiter(1, TimeSpan.FromMinutes(1), 1, TimeProvider.System);

        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8::1"), out _));
        Assert.False(limiter.TryAcquire(IPAddress.Parse("2001:db8::2"), out _));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:0:1::1"), out _));
    }

    [Fact]
    public void ManyAddresses_BucketsStayBounded()
    {
        var limiter = new ClientRateLimiter(1, TimeSpan.FromMinutes(1), 1, TimeProvider.System);
        for (var i = 0; i < ClientRateLimiter.MaxClients + 100; i++)
        {
            limiter.TryAcquire(new IPAddress((uint)(0x0A000000 + i)), out _);
        }

        Assert.Equal(ClientRateLimiter.MaxClients + 1, limiter.Count);
    }
}
