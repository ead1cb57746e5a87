namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>
/// HTTP/2 forms of smuggling, forwarded to an HTTP/1.1 upstream: the downgrade is where fields HTTP/2 carries as
/// length-prefixed strings turn into text lines (RFC 9113 §8.2, §8.2.2, §8.3.1).
/// </summary>
internal static class Http2Attacks
{
    public static readonly IReadOnlyDictionary<string, ((string Name, string Value)[] Fields, string? Data, Attack Expected)> All =
        new ((string, string)[], string?, Attack)[]
        {
            ([.. Post(), ("content-length", "5")], "helloEXTRA", Attack.Refused("content-length below the DATA")),
            ([.. Post(), ("content-length", "5")], "hello", Attack.Forwarded("content-length matching the DATA", "hello")),
            ([.. Post(), ("content-length", "+5")], "hello", Attack.Forwarded("content-length +5", "hello")),
            ([.. Post(), ("content-length", "5, 5")], "hello", Attack.Refused("content-length list")),
            ([.. Post(), ("transfer-encoding", "chunked")], "5\r\nhello\r\n0\r\n\r\n", Attack.Refused("transfer-encoding")),
            ([.. Post(), ("connection", "keep-alive")], "hello", Attack.Refused("connection")),
            ([.. Post(), ("keep-alive", "timeout=5")], "hello", Attack.Refused("keep-alive")),
            ([.. Post(), ("proxy-connection", "keep-alive")], "hello", Attack.Refused("proxy-connection")),
            ([.. Post(), ("upgrade", "websocket")], "hello", Attack.Refused("upgrade")),
            ([.. Post(), ("te", "gzip")], "hello", Attack.Refused("te other than trailers")),
            ([.. Post(), ("te", "trailers")], "hello", Attack.Forwarded("te trailers", "hello")),
            ([.. Post(), ("x", "a\r\nInjected: 1")], "hello", Attack.Refused("CRLF in a value")),
            ([.. Post(), ("x", "a\nInjected: 1")], "hello", Attack.Refused("LF in a value")),
            ([.. Post(), ("x", "a\0b")], "hello", Attack.Refused("NUL in a value")),
            ([.. Post(), ("x", "a\u0001b")], "hello", Attack.Refused("control byte in a value")),
            ([.. Post(), ("x", " a")], "hello", Attack.Refused("leading space in a value")),
            ([.. Post(), ("x", "a\t")], "hello", Attack.Refused("trailing tab in a value")),
            ([.. Post(), ("X-Upper", "1")], "hello", Attack.Refused("upper-case name")),
            ([.. Post(), ("x y", "1")], "hello", Attack.Refused("space in a name")),
            ([.. Post(), ("x:y", "1")], "hello", Attack.Refused("colon in a name")),
            ([.. Post(), ("x\r\ninjected", "1")], "hello", Attack.Refused("CRLF in a name")),
            (Get("/a b"), null, Attack.Refused(":path with a space")),
            (Get("/a\tb"), null, Attack.Refused(":path with a tab")),
            (Get("/a\u0001b"), null, Attack.Refused(":path with a control byte")),
            (Get("/a#b"), null, Attack.Refused(":path with a fragment")),
            (Get("/a HTTP/1.1\r\nX: y"), null, Attack.Refused(":path with CRLF")),
            (Get("http://other.test/admin"), null, Attack.Refused(":path in absolute form")),
            (Get(""), null, Attack.Refused("empty :path")),
            ([(":method", "GET / HTTP/1.1\r\nX: y"), (":scheme", "http"), (":authority", "app.test"), (":path", "/")], null,
                Attack.Refused(":method with CRLF")),
            ([(":method", "G ET"), (":scheme", "http"), (":authority", "app.test"), (":path", "/")], null, Attack.Refused(":method with a space")),
            ([(":method", "GET"), (":scheme", "http"), (":authority", "app.test\r\nX: y"), (":path", "/")], null, Attack.Refused(":authority with CRLF")),
            ([(":method", "GET"), (":scheme", "http"), (":authority", "user@app.test"), (":path", "/")], null, Attack.Refused(":authority with userinfo")),
            ([(":method", "GET"), (":scheme", "http"), (":path", "/"), ("host", "app.test\r\nX: y")], null, Attack.Refused("host with CRLF")),
            ([.. Get("/"), (":path", "/admin")], null, Attack.Refused("two :path fields")),
            ([(":method", "GET"), (":scheme", "http"), ("x", "1"), (":authority", "app.test"), (":path", "/")], null,
                Attack.Refused("pseudo-header after a regular field")),
            ([.. Get("/"), (":foo", "1")], null, Attack.Refused("unknown pseudo-header")),
            ([(":method", "GET"), (":authority", "app.test"), (":path", "/")], null, Attack.Refused("no :scheme")),
            ([.. Get("/"), ("host", "other.test")], null, Attack.Forwarded("host differing from :authority", "")),
        }.ToDictionary(c => c.Item3.Name, c => (c.Item1, c.Item2, c.Item3));

    private static (string, string)[] Post() => [(":method", "POST"), (":scheme", "http"), (":authority", "app.test"), (":path", "/")];

    private static (string, string)[] Get(string path) => [(":method", "GET"), (":scheme", "http"), (":authority", "app.test"), (":path", path)];
}
