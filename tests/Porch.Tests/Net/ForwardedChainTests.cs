using System.Net;
using Microsoft.Extensions.Primitives;
using Porch.Net;

namespace Porch.Tests.Net;

public class ForwardedChainTests
{
    private static readonly IPAddress Proxy = IPAddress.Parse("10.0.0.1");
    private static readonly CidrSet Trusted = CidrSet.Parse(["10.0.0.0/8", "2001:db8:a::/48"], out _)!;

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7, 10.0.0.1")]
    // The walk stops at the first untrusted hop: what that client claimed before it is not believed.
    [InlineData("198.51.100.1, 203.0.113.7", "203.0.113.7, 10.0.0.1")]
    // Trusted hops are walked through to the client behind them.
    [InlineData("203.0.113.7, 10.0.0.3, 10.0.0.2", "203.0.113.7, 10.0.0.3, 10.0.0.2, 10.0.0.1")]
    // Every hop trusted: the leftmost is as far as anyone vouched.
    [InlineData("10.0.0.9, 10.0.0.2", "10.0.0.9, 10.0.0.2, 10.0.0.1")]
    [InlineData("203.0.113.7:4711", "203.0.113.7, 10.0.0.1")]
    [InlineData("[2001:db8::7]:443", "2001:db8::7, 10.0.0.1")]
    [InlineData("2001:db8::7", "2001:db8::7, 10.0.0.1")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7, 10.0.0.1")]
    [InlineData(" 203.0.113.7 ,, ", "203.0.113.7, 10.0.0.1")]
    // Not an address: nobody can vouch past it, so the trusted peer itself is the client.
    [InlineData("203.0.113.7, unknown", null)]
    [InlineData("203.0.113.7, 10.0.0.2, garbage", null)]
    [InlineData("10", null)]
    [InlineData("203.0.113.7:http", null)]
    [InlineData("[2001:db8::7", null)]
    [InlineData("", null)]
    public void Walk_XForwardedFor_StopsAtTheFirstUntrustedHop(string header, string? expected)
    {
        var chain = ForwardedChain.Walk(Proxy, header, ForwardedSyntax.XForwardedFor, Trusted);

        Assert.Equal(expected, chain is null ? null : string.Join(", ", chain));
    }

    [Fact]
    public void Walk_SeveralHeaderLines_AreOneListInOrder()
    {
        var chain = ForwardedChain.Walk(Proxy, new StringValues(["198.51.100.1", "203.0.113.7, 10.0.0.2"]), ForwardedSyntax.XForwardedFor, Trusted);

        Assert.Equal("203.0.113.7, 10.0.0.2, 10.0.0.1", string.Join(", ", chain!));
    }

    [Theory]
    [InlineData("for=203.0.113.7;proto=https", "203.0.113.7, 10.0.0.1")]
    [InlineData("For = \"[2001:db8::7]:4711\"", "2001:db8::7, 10.0.0.1")]
    [InlineData("for=198.51.100.1, proto=http;for=203.0.113.7;host=\"a,b\", for=10.0.0.2", "203.0.113.7, 10.0.0.2, 10.0.0.1")]
    [InlineData("for=203.0.113.7, by=10.0.0.2", null)]
    [InlineData("for=_hidden", null)]
    [InlineData("for=unknown", null)]
    [InlineData("host=\"for=203.0.113.7\"", null)]
    public void Walk_Forwarded_ReadsTheForParameterOfEachElement(string header, string? expected)
    {
        var chain = ForwardedChain.Walk(Proxy, header, ForwardedSyntax.Forwarded, Trusted);

        Assert.Equal(expected, chain is null ? null : string.Join(", ", chain));
    }

    [Fact]
    public void Walk_EndlessTrustedHops_StopsAfterMaxHops()
    {
        var header = string.Join(", ", Enumerable.Range(1, 100).Select(i => $"10.0.{i}.1"));

        var chain = ForwardedChain.Walk(Proxy, header, ForwardedSyntax.XForwardedFor, Trusted);

        Assert.Equal(ForwardedChain.MaxHops + 1, chain!.Count);
        Assert.Equal(IPAddress.Parse($"10.0.{100 - ForwardedChain.MaxHops + 1}.1"), chain[0]);
    }
}
