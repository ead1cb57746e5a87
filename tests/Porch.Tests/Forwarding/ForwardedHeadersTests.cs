using System.Net;
using Porch.Forwarding;

namespace Porch.Tests.Forwarding;

public class ForwardedHeadersTests
{
    [Theory]
    [InlineData("192.0.2.60", "http", "example.com", "for=192.0.2.60;proto=http;host=example.com")]
    [InlineData("2001:db8::1", "https", "example.com", "for=\"[2001:db8::1]\";proto=https;host=example.com")]
    [InlineData("127.0.0.1", "http", "localhost:8080", "for=127.0.0.1;proto=http;host=\"localhost:8080\"")]
    [InlineData("::1", "http", "[::1]:8080", "for=\"[::1]\";proto=http;host=\"[::1]:8080\"")]
    [InlineData("10.0.0.2", "http", "", "for=10.0.0.2;proto=http")]
    public void Element_ClientAndHost_FollowRfc7239Syntax(string client, string proto, string host, string expected)
    {
        var address = IPAddress.Parse(client);

        Assert.Equal(expected, ForwardedHeaders.Element(address, address.ToString(), proto, host));
    }

    [Fact]
    public void Element_UnknownClient_IsForUnknown() =>
        Assert.Equal("for=unknown;proto=http;host=a.test", ForwardedHeaders.Element(null, null, "http", "a.test"));

    [Theory]
    [InlineData("keep-alive, X-Hop", "x-hop", true)]
    [InlineData("close", "X-Hop", false)]
    [InlineData("trailers, deflate;q=0.5", "deflate", true)]
    [InlineData(" trailers ;q=1", "trailers", true)]
    [InlineData("x-hopper", "x-hop", false)]
    public void IsListed_CommaSeparatedTokens_MatchWholeTokensIgnoringCaseAndParameters(string header, string token, bool expected) =>
        Assert.Equal(expected, HopByHop.IsListed(header, token));
}
