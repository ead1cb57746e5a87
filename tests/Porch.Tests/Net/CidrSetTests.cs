using System.Net;
using Porch.Net;

namespace Porch.Tests.Net;

public class CidrSetTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData(" 192.0.2.7 ", "192.0.2.7/32")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("::1", "::1/128")]
    [InlineData("::ffff:10.0.0.0/104", "10.0.0.0/8")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7/32")]
    public void TryParseNetwork_Valid_IsNormalized(string text, string expected)
    {
        Assert.True(CidrSet.TryParseNetwork(text, out var network, out var error), error);
        Assert.Equal(expected, network.ToString());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("10.0.0.1/8", "write \"10.0.0.0/8\" for the whole network, or \"10.0.0.1\" for that one address")]
    [InlineData("2001:db8::1/32", "write \"2001:db8::/32\"")]
    [InlineData("10.0.0.0/33", "from 0 to 32")]
    [InlineData("2001:db8::/129", "from 0 to 128")]
    [InlineData("10.0.0.0/", "from 0 to 32")]
    [InlineData("10.0.0.0/-1", "from 0 to 32")]
    [InlineData("10.0.0.0/ 8", "from 0 to 32")]
    [InlineData("example.com/8", "\"example.com\" is not an IPv4 or IPv6 address")]
    [InlineData("10.1", "is not an IPv4 or IPv6 address")]
    [InlineData("fe80::1%eth0", "is not an IPv4 or IPv6 address")]
    public void TryParseNetwork_Invalid_SaysWhatIsWrongAndTheFix(string text, string expected)
    {
        Assert.False(CidrSet.TryParseNetwork(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadEntries_ReportsEachWithItsIndex()
    {
        var set = CidrSet.Parse(["10.0.0.0/8", "nope", "192.0.2.1/24"], out var errors);

        Assert.Null(set);
        Assert.Equal([1, 2], errors.Select(e => e.Index));
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("11.0.0.1", false)]
    [InlineData("::ffff:10.1.2.3", true)]
    [InlineData("192.0.2.7", true)]
    [InlineData("192.0.2.8", false)]
    [InlineData("2001:db8:1::5", true)]
    [InlineData("2001:db9::5", false)]
    [InlineData("::1", true)]
    [InlineData("::2", false)]
    [InlineData("0.0.0.10", false)]
    public void Contains_MatchesPrefixesOfEitherFamily(string address, bool expected)
    {
        var set = CidrSet.Parse(["10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "::1"], out _)!;

        Assert.Equal(expected, set.Contains(IPAddress.Parse(address)));
    }

    [Fact]
    public void Contains_MappedNetwork_MatchesPlainIPv4AndMapped()
    {
        var set = CidrSet.Parse(["::ffff:198.51.100.0/120"], out _)!;

        Assert.True(set.Contains(IPAddress.Parse("198.51.100.9")));
        Assert.True(set.Contains(IPAddress.Parse("::ffff:198.51.100.9")));
        Assert.False(set.Contains(IPAddress.Parse("198.51.101.9")));
    }

    [Fact]
    public void Contains_ZeroPrefixes_MatchEverythingOfTheirFamilyOnly()
    {
        var v4 = CidrSet.Parse(["0.0.0.0/0"], out _)!;
        var v6 = CidrSet.Parse(["::/0"], out _)!;

        Assert.True(v4.Contains(IPAddress.Parse("203.0.113.1")));
        Assert.False(v4.Contains(IPAddress.Parse("2001:db8::1")));
        Assert.True(v6.Contains(IPAddress.Parse("2001:db8::1")));
        Assert.False(v6.Contains(IPAddress.Parse("203.0.113.1")));
    }

    [Fact]
    public void Contains_EmptySetOrNull_IsFalse()
    {
        Assert.False(CidrSet.Empty.Contains(IPAddress.Loopback));
        Assert.False(CidrSet.Parse(["0.0.0.0/0"], out _)!.Contains(null));
    }
}
