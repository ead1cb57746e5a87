using System.Text;

namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>The test's own parser must refuse every ambiguity it is there to catch, or the smuggling tests prove nothing.</summary>
public class StrictRequestParserTests
{
    private const string Head = "POST / HTTP/1.1\r\nHost: a\r\n";

    [Theory]
    [InlineData(Head + "Content-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "both Content-Length and Transfer-Encoding")]
    [InlineData(Head + "Content-Length: 1\r\nContent-Length: 1\r\n\r\nx", "is not one decimal number")]
    [InlineData(Head + "Content-Length: 1, 1\r\n\r\nx", "is not one decimal number")]
    [InlineData(Head + "Content-Length: +1\r\n\r\nx", "is not one decimal number")]
    [InlineData(Head + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", "is not one \"chunked\"")]
    [InlineData(Head + "Transfer-Encoding: chunked\r\n\r\n1;x=y\r\nx\r\n0\r\n\r\n", "chunk size line")]
    [InlineData(Head + "Transfer-Encoding: chunked\r\n\r\n11111111111111111\r\n", "chunk size line")]
    [InlineData(Head + "Transfer-Encoding: chunked\r\n\r\n1\r\nxy0\r\n\r\n", "not followed by CRLF")]
    [InlineData("GET / HTTP/1.1\nHost: a\r\n\r\n", "bare LF")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n 2\r\n\r\n", "obsolete line folding")]
    [InlineData("GET / HTTP/1.1\r\nHost : a\r\n\r\n", "is not a token")]
    [InlineData("GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n", "not origin-form")]
    [InlineData("GET http://a/ HTTP/1.1\r\nHost: a\r\n\r\n", "not origin-form")]
    [InlineData("GET / HTTP/1.0\r\nHost: a\r\n\r\n", "not HTTP/1.1")]
    [InlineData("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0001\r\n\r\n", "control characters")]
    [InlineData("GET / HTTP/1.1\r\nX: 1\r\n\r\n", "exactly one Host")]
    public void Parse_AmbiguousFraming_IsAnError(string bytes, string problem)
    {
        var parse = StrictRequestParser.Parse(Encoding.Latin1.GetBytes(bytes));

        Assert.Contains(problem, parse.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PipelinedRequests_FramedOneByOne()
    {
        var parse = StrictRequestParser.Parse(Encoding.Latin1.GetBytes(
            Head + "Content-Length: 3\r\n\r\nabc" + Head + "Transfer-Encoding: chunked\r\n\r\n2\r\nde\r\n1\r\nf\r\n0\r\nT: 1\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"));

        Assert.True(parse.Clean);
        Assert.Equal(["abc", "def", ""], parse.Requests.Select(r => r.BodyText));
        Assert.Equal([Framing.ContentLength, Framing.Chunked, Framing.None], parse.Requests.Select(r => r.Framing));
    }

    [Fact]
    public void Parse_UnfinishedRequest_IsATailNotARequest()
    {
        var parse = StrictRequestParser.Parse(Encoding.Latin1.GetBytes(Head + "Content-Length: 10\r\n\r\nhello"));

        Assert.Null(parse.Error);
        Assert.Empty(parse.Requests);
        Assert.True(parse.Tail);
    }
}
