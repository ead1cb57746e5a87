using System.Net;
using System.Text;
using Porch.Wire.ProxyProtocol;

namespace Porch.Wire.Tests.ProxyProtocol;

public class ProxyV1ParserTests
{
    private static ProxyParseResult Parse(string text) => ProxyHeaderParser.Parse(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void Parse_Tcp4WithPayload_HeaderAndItsLength()
    {
        const string header = "PROXY TCP4 93.89.134.240 46.235.225.189 64221 80\r\n";

        var result = Parse(header + "GET / HTTP/1.1\r\n");

        Assert.Equal(ProxyParseStatus.Done, result.Status);
        Assert.Equal(header.Length, result.Length);
        Assert.Equal(1, result.Header!.Version);
        Assert.Equal(ProxyAddressFamily.Inet, result.Header.Family);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("93.89.134.240"), 64221), result.Header.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("46.235.225.189"), 80), result.Header.Destination);
        Assert.True(result.Header.HasIpAddresses);
    }

    [Fact]
    public void Parse_Tcp6_HeaderWithIPv6Endpoints()
    {
        var result = Parse("PROXY TCP6 2001:db8::1 ::ffff:192.0.2.1 0 65535\r\n");

        Assert.Equal(ProxyParseStatus.Done, result.Status);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::1"), 0), result.Header!.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.1"), 65535), result.Header.Destination);
    }

    [Fact]
    public void Parse_LongestPossibleHeader_Is107BytesAndAccepted()
    {
        // The worst case of §2.1: UNKNOWN followed by what a TCP6 line would carry.
        const string header = "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
        Assert.Equal(ProxyProtocolLimits.V1MaxLength, header.Length);

        var result = Parse(header);

        Assert.Equal(ProxyParseStatus.Done, result.Status);
        Assert.Equal(107, result.Length);
    }

    [Theory]
    [InlineData("PROXY UNKNOWN\r\n")]
    [InlineData("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n")]
    public void Parse_Unknown_KeepsTheSocketAddresses(string header)
    {
        var result = Parse(header);

        Assert.Equal(ProxyParseStatus.Done, result.Status);
        Assert.Equal(header.Length, result.Length);
        Assert.Equal(ProxyAddressFamily.Unspecified, result.Header!.Family);
        Assert.False(result.Header.HasIpAddresses);
    }

    [Theory]
    [InlineData("P")]
    [InlineData("PROXY")]
    [InlineData("PROXY TCP4 192.0.2.1")]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1 2\r")]
    public void Parse_Prefix_NeedsMoreData(string text) => Assert.Equal(ProxyParseStatus.NeedMoreData, Parse(text).Status);

    [Theory]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1 2\n", "bare LF")]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1 2\rX", "byte 0x0D before its CRLF")]
    [InlineData("PROXY TCP4 192.0.2.1  192.0.2.2 1 2\r\n", "single spaces")]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1 2 \r\n", "single spaces")]
    [InlineData("PROXY tcp4 192.0.2.1 192.0.2.2 1 2\r\n", "TCP4, TCP6 or UNKNOWN")]
    [InlineData("PROXY UDP4 192.0.2.1 192.0.2.2 1 2\r\n", "TCP4, TCP6 or UNKNOWN")]
    [InlineData("PROXY TCP4 2001:db8::1 192.0.2.2 1 2\r\n", "not a dotted-quad")]
    [InlineData("PROXY TCP6 192.0.2.1 2001:db8::2 1 2\r\n", "not an IPv6 address")]
    [InlineData("PROXY TCP6 [2001:db8::1] 2001:db8::2 1 2\r\n", "not an IPv6 address")]
    [InlineData("PROXY TCP6 fe80::1%1 2001:db8::2 1 2\r\n", "not an IPv6 address")]
    [InlineData("PROXY TCP4 192.0.2.256 192.0.2.2 1 2\r\n", "not a dotted-quad")]
    [InlineData("PROXY TCP4 192.0.2.01 192.0.2.2 1 2\r\n", "not a dotted-quad")]
    [InlineData("PROXY TCP4 192.0.2 192.0.2.2 1 2\r\n", "not a dotted-quad")]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 65536 2\r\n", "port")]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 080 2\r\n", "port")]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 -1 2\r\n", "port")]
    [InlineData("PROXY TCP4 192.0.2.1 192.0.2.2 1\r\n", "single spaces")]
    [InlineData("PROXY \u00e9\r\n", "only printable ASCII")]
    public void Parse_Invalid_MalformedWithTheReason(string text, string reason)
    {
        var result = ProxyHeaderParser.Parse(Encoding.Latin1.GetBytes(text));

        Assert.Equal(ProxyParseStatus.Malformed, result.Status);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoCrlfWithin107Bytes_Malformed()
    {
        var text = "PROXY UNKNOWN " + new string('x', 120) + "\r\n";

        var result = Parse(text);

        Assert.Equal(ProxyParseStatus.Malformed, result.Status);
        Assert.Contains("no CRLF within 107 bytes", result.Error, StringComparison.Ordinal);
        Assert.Equal(ProxyParseStatus.NeedMoreData, Parse(text[..106]).Status);
        Assert.Equal(ProxyParseStatus.Malformed, Parse(text[..107]).Status);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\n")]
    [InlineData("PROXZ")]
    [InlineData("\u0016\u0003\u0001")]
    public void Parse_OtherProtocols_NotProxy(string text) => Assert.Equal(ProxyParseStatus.NotProxy, Parse(text).Status);

    [Fact]
    public void WriteV1_ThenParse_SameEndpoints()
    {
        var header = new ProxyHeader
        {
            Version = 1,
            Family = ProxyAddressFamily.Inet6,
            Source = new IPEndPoint(IPAddress.Parse("2001:db8::7"), 4711),
            Destination = new IPEndPoint(IPAddress.Parse("2001:db8::1"), 443),
        };

        var bytes = ProxyHeaderWriter.WriteV1(header);

        Assert.Equal("PROXY TCP6 2001:db8::7 2001:db8::1 4711 443\r\n", Encoding.ASCII.GetString(bytes));
        var parsed = ProxyHeaderParser.Parse(bytes).Header!;
        Assert.Equal(header.Source, parsed.Source);
        Assert.Equal(header.Destination, parsed.Destination);
    }
}
