using Porch.Tests.Logging;
using Porch.Tests.Support;
using Porch.Tls;

namespace Porch.Tests.Tls;

public sealed class InternalCertificateSourceTests : IDisposable
{
    private readonly TempDirectory state = new();
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow, TimeSpan.Zero);
    private readonly LocalCa ca;
    private readonly InternalCertificateSource source;

    public InternalCertificateSourceTests()
    {
        ca = LocalCa.LoadOrCreate(state.Path, clock);
        source = new InternalCertificateSource(ca, clock);
    }

    public void Dispose()
    {
        ca.Dispose();
        state.Dispose();
    }

    [Fact]
    public void Find_TwoNames_OneLeafEachCachedAndReused()
    {
        var a = source.Find("a.test")!.TargetCertificate;
        var b = source.Find("b.test")!.TargetCertificate;

        Assert.True(a.MatchesHostname("a.test"));
        Assert.False(a.MatchesHostname("b.test"));
        Assert.True(b.MatchesHostname("b.test"));
        Assert.Same(a, source.Find("A.TEST")!.TargetCertificate);
    }

    [Fact]
    public void Find_IpAddress_LeafForThatAddress()
    {
        var leaf = source.Find("192.0.2.10")!.TargetCertificate;

        Assert.True(leaf.MatchesHostname("192.0.2.10"));
        Assert.False(leaf.MatchesHostname("localhost"));
    }

    [Fact]
    public void Find_NoName_LeafForLocalhostAndLoopback()
    {
        var leaf = source.Find(null)!.TargetCertificate;

        Assert.True(leaf.MatchesHostname("localhost"));
        Assert.True(leaf.MatchesHostname("127.0.0.1"));
        Assert.True(leaf.MatchesHostname("::1"));
    }

    [Fact]
    public void Find_AfterTwoThirdsOfItsLife_NewLeafValidLonger()
    {
        var first = source.Find("renew.test")!.TargetCertificate;
        clock.Advance(TimeSpan.FromDays(4));
        Assert.Same(first, source.Find("renew.test")!.TargetCertificate);

        clock.Advance(TimeSpan.FromDays(1));
        var second = source.Find("renew.test")!.TargetCertificate;

        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
        Assert.True(second.NotAfter > first.NotAfter.AddDays(4));
    }

    [Fact]
    public void Find_ManyNames_CacheStaysBounded()
    {
        for (var i = 0; i < InternalCertificateSource.MaxCached + 20; i++)
        {
            Assert.NotNull(source.Find($"n{i}.test"));
        }

        Assert.True(source.CachedCount <= InternalCertificateSource.MaxCached);
    }
}
