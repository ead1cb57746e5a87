using System.Text;
using Porch.Wire.Htcpcp;

namespace Porch.Wire.Tests.Htcpcp;

public class HtcpcpRequestParserTests
{
    private static HtcpcpParseResult Parse(string text, out HtcpcpRequestHead? head, HtcpcpLimits? limits = null) =>
        HtcpcpRequestParser.Parse(Encoding.UTF8.GetBytes(text), limits ?? HtcpcpLimits.Default, out head);

    [Fact]
    public void Parse_CourseBrewWithBodyAndNoContentLength_CompleteWithBodyAfterHead()
    {
        const string request = "BREW coffee://ducky HTTP/1.1\r\nContent-Type: application/coffee-pot-command\r\nAccept-Additions: cream; vanilla\r\n\r\nstart";

        var result = Parse(request, out var head);

        Assert.Equal(HtcpcpParseStatus.Complete, result.Status);
        Assert.Equal("BREW", head!.Method);
        Assert.Equal("coffee://ducky", head.Target);
        Assert.Equal("HTTP", head.Protocol);
        Assert.Equal(1, head.MinorVersion);
        Assert.Equal("application/coffee-pot-command", head["content-type"]);
        Assert.Equal("cream; vanilla", head["Accept-Additions"]);
        Assert.Null(head.ContentLength);
        Assert.Equal(request.Length - "start".Length, head.HeadLength);
        Assert.Equal(5, head.BodyLength(5));
    }

    [Fact]
    public void Parse_ContentLength_BodyWaitsForAllBytes()
    {
        var result = Parse("POST coffee://ducky HTCPCP/1.0\r\nContent-Type: message/coffeepot\r\nContent-Length: 5\r\n\r\nst", out var head);

        Assert.Equal(HtcpcpParseStatus.Complete, result.Status);
        Assert.Equal(5, head!.ContentLength);
        Assert.Null(head.BodyLength(2));
        Assert.Equal(5, head.BodyLength(9));
    }

    [Theory]
    [InlineData("BREW coffee://ducky HTTP/1.1")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\n")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r\n")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("BR")]
    public void Parse_HeadNotYetEnded_Incomplete(string text)
    {
        Assert.Equal(HtcpcpParseStatus.Incomplete, Parse(text, out _).Status);
    }

    [Fact]
    public void Parse_BareLineFeeds_AcceptedAsNetcatSendsThem()
    {
        var result = Parse("GET coffee://ducky HTCPCP/1.0\nContent-Type: message/coffeepot\n\n", out var head);

        Assert.Equal(HtcpcpParseStatus.Complete, result.Status);
        Assert.Equal("message/coffeepot", head!["Content-Type"]);
    }

    [Fact]
    public void Parse_LeadingEmptyLines_Skipped()
    {
        Assert.Equal(HtcpcpParseStatus.Complete, Parse("\r\n\r\nGET coffee://ducky HTCPCP/1.0\r\n\r\n", out var head).Status);
        Assert.Equal("GET", head!.Method);
    }

    [Theory]
    [InlineData("\u0001\u0002garbage\r\n\r\n", "BadRequestLine")]
    [InlineData("BR(EW coffee://ducky HTTP/1.1\r\n\r\n", "BadRequestLine")]
    [InlineData("B{", "BadRequestLine")]
    [InlineData("BREW coffee://ducky\r\n\r\n", "BadRequestLine")]
    [InlineData("BREW  HTTP/1.1\r\n\r\n", "BadRequestLine")]
    [InlineData("BREW coffee://ducky HTTP/2.0\r\n\r\n", "BadVersion")]
    [InlineData("BREW coffee://ducky SPDY/1.1\r\n\r\n", "BadVersion")]
    [InlineData("BREW coffee://ducky HTTP/1.12\r\n\r\n", "BadVersion")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Type : message/coffeepot\r\n\r\n", "BadHeader")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Type: message/coffeepot\r\n folded\r\n\r\n", "BadHeader")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nno colon here\r\n\r\n", "BadHeader")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nX: a\u0000b\r\n\r\n", "BadHeader")]
    [InlineData("BREW coffee://ducky HTTP/1.1\rContent-Type: x\r\n\r\n", "BareCarriageReturn")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nX: a\rb\r\n\r\n", "BareCarriageReturn")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nX: a\rb", "BareCarriageReturn")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Length: five\r\n\r\n", "BadContentLength")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "BadContentLength")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Length: -5\r\n\r\n", "BadContentLength")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", "TransferEncoding")]
    [InlineData("BREW coffee://ducky HTTP/1.1\r\nContent-Length: 999999\r\n\r\n", "BodyTooLarge")]
    public void Parse_MalformedRequest_InvalidWithReason(string text, string expected)
    {
        var result = Parse(text, out var head);

        Assert.Equal(HtcpcpParseStatus.Invalid, result.Status);
        Assert.Equal(expected, result.Error.ToString());
        Assert.NotEmpty(result.Detail);
        Assert.Null(head);
    }

    [Fact]
    public void Parse_TlsClientHello_RecognisedAtOnce()
    {
        var result = HtcpcpRequestParser.Parse([0x16, 0x03, 0x01, 0x02, 0x00], HtcpcpLimits.Default, out _);

        Assert.Equal(HtcpcpRequestError.TlsHandshake, result.Error);
    }

    [Fact]
    public void Parse_HeadOverLimitWithoutEnd_HeadTooLarge()
    {
        var limits = new HtcpcpLimits { MaxHeadBytes = 200 };
        var text = "GET coffee://ducky HTTP/1.1\r\nX-Long: " + new string('a', 300);

        Assert.Equal(HtcpcpRequestError.HeadTooLarge, Parse(text, out _, limits).Error);
    }

    [Fact]
    public void Parse_RequestLineOverLimitWithoutLineBreak_HeadTooLarge()
    {
        var limits = new HtcpcpLimits { MaxHeadBytes = 100 };

        Assert.Equal(HtcpcpRequestError.HeadTooLarge, Parse("GET coffee://" + new string('d', 200), out _, limits).Error);
    }

    [Fact]
    public void Parse_TooManyHeaderFields_Invalid()
    {
        var limits = new HtcpcpLimits { MaxHeaderCount = 3 };
        var text = "GET coffee://ducky HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";

        Assert.Equal(HtcpcpRequestError.TooManyHeaders, Parse(text, out _, limits).Error);
    }

    [Fact]
    public void Parse_UnicodeSchemeInTarget_DecodedAsUtf8()
    {
        Assert.Equal(HtcpcpParseStatus.Complete, Parse("GET кофе://ducky HTCPCP/1.0\r\n\r\n", out var head).Status);
        Assert.Equal("кофе://ducky", head!.Target);
    }

    [Fact]
    public void Parse_HeaderValueWhitespace_Trimmed()
    {
        Parse("GET coffee://ducky HTCPCP/1.0\r\nUse-Pot: \t tea \t\r\n\r\n", out var head);

        Assert.Equal("tea", head!["use-pot"]);
    }

    [Fact]
    public void Parse_RandomBytes_NeverThrowsAndNeverCompletesGarbage()
    {
        var random = new Random(2324);
        var buffer = new byte[256];
        for (var i = 0; i < 5000; i++)
        {
            random.NextBytes(buffer);
            var length = random.Next(buffer.Length);
            var result = HtcpcpRequestParser.Parse(buffer.AsSpan(0, length), HtcpcpLimits.Default, out var head);
            Assert.True(result.Status != HtcpcpParseStatus.Complete || head is not null);
        }
    }

    [Fact]
    public void Parse_EveryPrefixOfAValidRequest_IncompleteUntilTheBlankLine()
    {
        var bytes = Encoding.ASCII.GetBytes("BREW coffee://ducky HTCPCP/1.0\r\nContent-Type: message/coffeepot\r\nAccept-Additions: Cream\r\n\r\n");
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(HtcpcpParseStatus.Incomplete, HtcpcpRequestParser.Parse(bytes.AsSpan(0, length), HtcpcpLimits.Default, out _).Status);
        }

        Assert.Equal(HtcpcpParseStatus.Complete, HtcpcpRequestParser.Parse(bytes, HtcpcpLimits.Default, out _).Status);
    }
}
