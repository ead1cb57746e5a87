using System.Text;
using Porch.Wire.Htcpcp;

namespace Porch.Wire.Tests.Htcpcp;

public class SmallCodecTests
{
    [Theory]
    [InlineData("message/coffeepot", "Coffee")]
    [InlineData("application/coffee-pot-command", "Coffee")]
    [InlineData("Message/CoffeePot; charset=utf-8", "Coffee")]
    [InlineData("message/teapot", "Tea")]
    [InlineData("text/plain", "Unsupported")]
    [InlineData("", "Unsupported")]
    [InlineData(null, "Missing")]
    public void Classify_ContentType(string? contentType, string expected)
    {
        Assert.Equal(expected, HtcpcpMediaTypes.Classify(contentType).ToString());
    }

    [Theory]
    [InlineData("start", "Start")]
    [InlineData("START\r\n", "Start")]
    [InlineData("  stop ", "Stop")]
    [InlineData("", "Invalid")]
    [InlineData("brew", "Invalid")]
    [InlineData("started", "Invalid")]
    public void CoffeeMessageBody_StartOrStop(string body, string expected)
    {
        Assert.Equal(expected, CoffeeMessageBody.Parse(Encoding.ASCII.GetBytes(body)).ToString());
    }

    [Fact]
    public void Alternates_FormatThenParse_RoundTrips()
    {
        Alternate[] alternates = [new("/darjeeling", "message/teapot"), new("coffee://ducky", "message/coffeepot")];

        var header = AlternatesHeader.Format(alternates);

        Assert.Equal("""{"/darjeeling" {type message/teapot}}, {"coffee://ducky" {type message/coffeepot}}""", header);
        Assert.Equal(alternates, AlternatesHeader.Parse(header));
    }

    [Fact]
    public void Alternates_ParseRfc7168Example_ReadsEveryVariant()
    {
        var parsed = AlternatesHeader.Parse("""{"/" {type message/coffeepot}}, {"/pot-0/darjeeling" {type message/teapot}},  {"/pot-1/peppermint" {type message/teapot}}""");

        Assert.Equal(["/", "/pot-0/darjeeling", "/pot-1/peppermint"], parsed.Select(a => a.Uri));
    }

    [Fact]
    public void Response_Encode_StatusLineHeadersBlankLineBody()
    {
        var response = new HtcpcpResponse
        {
            MinorVersion = 1,
            Status = 418,
            Headers = [new("Server", "pot"), new("Content-Type", "text/plain")],
            Body = "short and stout"u8.ToArray(),
        };

        Assert.Equal("HTCPCP/1.1 418 I'm a teapot\r\nServer: pot\r\nContent-Type: text/plain\r\n\r\nshort and stout", Encoding.ASCII.GetString(response.Encode()));
    }

    [Fact]
    public void Response_EncodeThenParse_RoundTrips()
    {
        var original = new HtcpcpResponse
        {
            MinorVersion = 0,
            Status = 406,
            Headers = [new("Content-Length", "4"), new("Retry-After", "3")],
            Body = "milk"u8.ToArray(),
        };

        var parsed = HtcpcpResponseParser.Parse(original.Encode(), out var error);

        Assert.Null(error);
        Assert.Equal("HTCPCP", parsed!.Protocol);
        Assert.Equal(0, parsed.MinorVersion);
        Assert.Equal(406, parsed.Status);
        Assert.Equal("Not Acceptable", parsed.Reason);
        Assert.Equal("3", parsed["retry-after"]);
        Assert.Equal("milk", parsed.BodyText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HTCPCP/1.1 200 OK\r\n")]
    [InlineData("hello\r\n\r\n")]
    [InlineData("HTCPCP/1.1 2000 OK\r\n\r\n")]
    [InlineData("HTCPCP/1.1 200 OK\r\nbroken header\r\n\r\n")]
    public void ResponseParser_NotAReply_Error(string text)
    {
        Assert.Null(HtcpcpResponseParser.Parse(Encoding.ASCII.GetBytes(text), out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void RequestWriter_BodyGetsContentLength_AndParsesBack()
    {
        var bytes = HtcpcpRequestWriter.Encode("BREW", "coffee://ducky", [new("Content-Type", "message/coffeepot")], "start");

        var result = HtcpcpRequestParser.Parse(bytes, HtcpcpLimits.Default, out var head);

        Assert.Equal(HtcpcpParseStatus.Complete, result.Status);
        Assert.Equal(5, head!.ContentLength);
        Assert.Equal("start", Encoding.ASCII.GetString(bytes.AsSpan(head.HeadLength)));
    }

    [Fact]
    public void RequestWriter_HeaderWithLineBreak_Refused()
    {
        Assert.Throws<ArgumentException>(() => HtcpcpRequestWriter.Encode("GET", "/", [new("X", "a\r\nEvil: 1")]));
    }
}
