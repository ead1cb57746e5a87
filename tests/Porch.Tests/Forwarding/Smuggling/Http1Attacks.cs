namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>HTTP/1.1 smuggling attempts (RFC 9112 §6.1, §6.3, §11.2), as raw bytes, keyed by a readable name.</summary>
internal static class Http1Attacks
{
    private const string Post = "POST / HTTP/1.1\r\nHost: app.test\r\n";
    private const string Chunked = Post + "Transfer-Encoding: chunked\r\n\r\n";
    private const string Hidden = "GET /admin HTTP/1.1\r\nHost: app.test\r\n\r\n";

    public static readonly IReadOnlyDictionary<string, (string Request, Attack Expected)> All = new (string, Attack)[]
    {
        // Both framings: Transfer-Encoding wins, Content-Length goes, and the connection ends after the answer
        // (RFC 9112 §6.1), so the stray byte after the chunked body is never read as a request.
        (Post + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nX", Attack.ForwardedThenClosed("CL.TE", "")),
        (Post + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n" + Chunk(Hidden) + "0\r\n\r\n", Attack.ForwardedThenClosed("TE.CL", Hidden)),
        (Post + "Transfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Refused("TE xchunked")),
        (Post + "Transfer-Encoding:  chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Forwarded("TE with extra space", "hello")),
        (Post + "Transfer-Encoding:\tchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Forwarded("TE after a tab", "hello")),
        (Post + "Transfer-Encoding: CHUNKED\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Forwarded("TE in capitals", "hello")),
        (Post + "Transfer-Encoding : chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Refused("TE with space before colon")),
        (Post + "Transfer-Encoding: chunked, identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Refused("TE chunked, identity")),
        (Post + "Transfer-Encoding: identity, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Refused("TE identity, chunked", 501)),
        (Post + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Refused("TE gzip, chunked", 501)),
        (Post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Refused("TE twice, identity last")),
        (Post + "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Refused("TE twice, chunked last", 501)),
        (Post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Refused("TE chunked twice")),
        (Post + "Transfer-Encoding:\r\n chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", Attack.Refused("TE on a folded line")),
        ("POST / HTTP/1.0\r\nHost: app.test\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" + Hidden,
            Attack.Refused("TE in HTTP/1.0 with a pipelined request")),
        (Post + "Content-Length: 5, 6\r\n\r\nhelloX", Attack.Refused("CL list 5, 6")),
        (Post + "Content-Length: 5, 5\r\n\r\nhello", Attack.Refused("CL list 5, 5")),
        (Post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhelloX", Attack.Refused("CL twice, different")),
        (Post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello", Attack.Refused("CL twice, same")),
        // Kestrel reads "+5" as 5 and Porch sends "Content-Length: 5": one reading on both sides of Porch.
        (Post + "Content-Length: +5\r\n\r\nhello", Attack.Forwarded("CL +5", "hello")),
        (Post + "Content-Length: -1\r\n\r\nhello", Attack.Refused("CL -1")),
        (Post + "Content-Length: 0x5\r\n\r\nhello", Attack.Refused("CL hex")),
        (Post + "Content-Length: 99999999999999999999\r\n\r\nhello", Attack.Refused("CL overflow")),
        (Post + "Content-Length: 05 \r\n\r\nhello", Attack.Forwarded("CL leading zero, trailing space", "hello")),
        ("GET / HTTP/1.1\nHost: app.test\n\n", Attack.Forwarded("bare LF line endings", "")),
        (Post + "Content-Length: 5\nX-A: 1\r\n\r\nhello", Attack.Forwarded("bare LF in one field line", "hello")),
        ("GET / HTTP/1.1\r\nHost: app.test\r\nX-A: b\r\n c\r\n\r\n", Attack.Refused("obsolete line folding")),
        ("GET http://other.test/admin HTTP/1.1\r\nHost: app.test\r\n\r\n", Attack.Refused("absolute-form, other Host")),
        ("GET http://app.test/admin HTTP/1.1\r\nHost: app.test\r\n\r\n", Attack.Forwarded("absolute-form, same Host", "")),
        (Chunked + "FFFFFFFFFFFFFFFF1\r\nhello\r\n0\r\n\r\n", Attack.Refused("chunk size overflows 64 bits")),
        (Chunked + "10000000000000005\r\nhello\r\n0\r\n\r\n", Attack.Refused("chunk size wraps to 5")),
        (Chunked + "0000000000000000000000005\r\nhello\r\n0\r\n\r\n", Attack.Refused("chunk size with many leading zeros")),
        (Chunked + "5;name=value;q=\"x\"\r\nhello\r\n0\r\n\r\n", Attack.Forwarded("chunk extensions", "hello")),
        (Chunked + "5;a\nX\r\nhello\r\n0\r\n\r\n", Attack.Refused("bare LF inside a chunk extension")),
        (Chunked + "5;a\rX\r\nhello\r\n0\r\n\r\n", Attack.Refused("bare CR inside a chunk extension")),
        (Chunked + "5\r\nhelloXX0\r\n\r\n", Attack.Refused("chunk data not ended by CRLF")),
        (Chunked + "5\nhello\n0\n\n", Attack.Refused("chunk lines ended by bare LF")),
        (Chunked + "5\r\nhello\r0\r\n\r\n", Attack.Refused("chunk data ended by bare CR")),
        (Chunked + " 5\r\nhello\r\n0\r\n\r\n", Attack.Refused("space before chunk size")),
        (Chunked + "5\r\nhello\r\n0\r\nContent-Length: 40\r\n\r\n", Attack.Forwarded("Content-Length in the trailer", "hello")),
        (Post + $"Content-Length: {Hidden.Length}\r\n\r\n" + Hidden, Attack.Forwarded("request hidden in a body", Hidden)),
        ("GET / HTTP/1.1\r\nHost: app.test\r\nContent-Length: 5\r\n\r\nhello" + Hidden, Attack.Forwarded("GET with a body, then a pipelined request", "hello", "")),
        ("GET  / HTTP/1.1\r\nHost: app.test\r\n\r\n", Attack.Refused("two spaces in the request line")),
        ("GET / HTTP/1.1 x\r\nHost: app.test\r\n\r\n", Attack.Refused("four parts in the request line")),
        ("GET /a\tb HTTP/1.1\r\nHost: app.test\r\n\r\n", Attack.Refused("tab in the target")),
        ("GET /a\u0001b HTTP/1.1\r\nHost: app.test\r\n\r\n", Attack.Refused("control byte in the target")),
        ("GET /a?q=\u000b HTTP/1.1\r\nHost: app.test\r\n\r\n", Attack.Refused("vertical tab in the query")),
        ("GET /a\u007f HTTP/1.1\r\nHost: app.test\r\n\r\n", Attack.Refused("DEL in the target")),
        ("GET /a#b HTTP/1.1\r\nHost: app.test\r\n\r\n", Attack.Refused("fragment in the target")),
        ("GET /a\u0000b HTTP/1.1\r\nHost: app.test\r\n\r\n", Attack.Refused("NUL in the target")),
        ("G\u0001T / HTTP/1.1\r\nHost: app.test\r\n\r\n", Attack.Refused("control byte in the method")),
        ("GET / HTTP/1.1\r\nHost: app.test\r\nX: a\u0001b\r\n\r\n", Attack.Refused("control byte in a field value")),
        ("GET / HTTP/1.1\r\nHost: app.test\r\nX: a\rb\r\n\r\n", Attack.Refused("bare CR in a field value")),
        ("GET / HTTP/1.1\r\nHost: app.test\r\nHost: other.test\r\n\r\n", Attack.Refused("two Host fields")),
        // An upgrade the upstream does not take ends as an ordinary exchange; the next request is a request again.
        ("GET / HTTP/1.1\r\nHost: app.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 99\r\n" +
            "Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n\r\n" + Hidden, Attack.Forwarded("refused WebSocket upgrade, then a pipelined request", "", "")),
        ("GET / HTTP/1.1\r\nHost: app.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nContent-Length: 5\r\n\r\nhello",
            Attack.Forwarded("upgrade with a body", "hello")),
        ("GET / HTTP/1.1\r\nHost: app.test\r\nConnection: Content-Length\r\nContent-Length: 5\r\n\r\nhello",
            Attack.Forwarded("Connection names Content-Length", "hello")),
    }.ToDictionary(c => c.Item2.Name, c => (c.Item1, c.Item2));

    private static string Chunk(string data) => $"{data.Length:x}\r\n{data}\r\n";
}
