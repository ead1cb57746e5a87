using System.Net;
using Porch.Access;

namespace Porch.Tests.Access;

public class FailedLoginThrottleTests
{
    private readonly SteppedClock time = new();
    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.7");

    [Fact]
    public void Failures_EachOne_DoublesTheDelayUpToTheCap()
    {
        var throttle = new FailedLoginThrottle(time);
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor(Client));

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 8; i++)
        {
            throttle.Failed(Client);
            delays.Add(throttle.DelayFor(Client));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(250), delays[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(500), delays[1]);
        Assert.Equal(TimeSpan.FromSeconds(1), delays[2]);
        Assert.Equal(FailedLoginThrottle.MaxDelay, delays[^1]);
        Assert.Equal(TimeSpan.Zero, throttle.DelayFor(IPAddress.Parse("203.0.113.8")));
    }

    [Fact]
    public void Success_ClearsTheClient()
    {
        var throttle = new FailedLoginThrottle(time);
        throttle.Failed(Client);
        throttle.Failed(Client);

        throttle.Succeeded(Client);

        Assert.Equal(TimeSpan.Zero, throttle.DelayFor(Client));
    }

    [Fact]
    public void QuietClient_IsForgottenAfterTheWindow()
    {
        var throttle = new FailedLoginThrottle(time);
        throttle.Failed(Client);
        throttle.Failed(Client);

        time.Advance(FailedLoginThrottle.ForgetAfter);

        Assert.Equal(TimeSpan.Zero, throttle.DelayFor(Client));
        Assert.Equal(1, throttle.Failed(Client));
    }

    [Fact]
    public void Ipv6_AddressesOfOneSlash64_ShareOneEntry()
    {
        var throttle = new FailedLoginThrottle(time);
        throttle.Failed(IPAddress.Parse("2001:db8:1:2::1"));

        Assert.Equal(2, throttle.Failed(IPAddress.Parse("2001:db8:1:2:ffff::9")));
        Assert.Equal(1, throttle.Failed(IPAddress.Parse("2001:db8:1:3::1")));
    }

    [Fact]
    public void ManyAddresses_TableStaysBounded()
    {
        var throttle = new FailedLoginThrottle(time);
        for (var i = 0; i < FailedLoginThrottle.MaxClients + 500; i++)
        {
            throttle.Failed(new IPAddress((uint)(0x0A000000 + i)));
        }

        Assert.True(throttle.Count <= FailedLoginThrottle.MaxClients + 1, $"{throttle.Count} entries");
        // The newcomers beyond the bound share one entry, so they are slowed together.
        Assert.True(throttle.DelayFor(new IPAddress(0x0B000001)) == TimeSpan.Zero);
        Assert.True(throttle.Failed(new IPAddress(0x0B000001)) > 1);

        time.Advance(FailedLoginThrottle.ForgetAfter);
        throttle.Failed(new IPAddress(0x0B000002));
        Assert.True(throttle.Count < 10, $"{throttle.Count} entries after the old ones expired");
    }
}
