using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Porch.Hosting;

/// <summary>
/// What Kestrel lets through but a request Porch passes on must not carry: Porch is an intermediary, and a message one
/// parser reads differently from another is how requests get smuggled (RFC 9112 §11.2). Kestrel frames the body
/// before the application runs, so every check here sees a connection that is still in sync; HTTP/1.x refusals also
/// close it, since the client evidently frames messages in a way Porch does not.
/// <list type="bullet">
/// <item>The request target: only visible ASCII and no '#'. Kestrel accepts HTAB, other control bytes and DEL in it
/// (and in an HTTP/2 <c>:path</c>, even SP), which would go upstream inside a request line that a downstream parser
/// splits differently (RFC 9112 §3, §3.2).</item>
/// <item>Transfer-Encoding: only <c>chunked</c>, once, and not in HTTP/1.0 (RFC 9112 §6.1). Kestrel decodes the final
/// chunked and accepts codings before it, which the upstream would never learn of once the header is dropped.</item>
/// <item>Field values without control characters (RFC 9110 §5.5).</item>
/// <item>HTTP/2 field names as token characters, values without leading or trailing whitespace, and no
/// connection-specific fields (RFC 9113 §8.2.1, §8.2.2). Kestrel refuses some of these, not all; a malformed request
/// must not be forwarded (RFC 9113 §8.1.1).</item>
/// </list>
/// </summary>
internal static class MalformedRequest
{
    /// <summary>Bytes that cannot appear in a request target (RFC 3986 §2, RFC 9112 §3.2): controls, SP, '#', DEL, non-ASCII.</summary>
    private static readonly SearchValues<char> TargetChars = SearchValues.Create([.. Range('!', '~').Where(c => c != '#')]);

    /// <summary>Field value characters (RFC 9110 §5.5): VCHAR, obs-text, SP and HTAB; any other control is refused.</summary>
    private static readonly SearchValues<char> ValueChars = SearchValues.Create([.. Range(' ', '~'), '\t', .. Range('\x80', '\xff')]);

    /// <summary>
    /// tchar (RFC 9110 §5.6.2). Kestrel refuses upper-case HTTP/2 field names itself, and shows known fields under their
    /// canonical casing ("Host"), so the case is not checked here.
    /// </summary>
    private static readonly SearchValues<char> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    /// <summary>Fields that only describe an HTTP/1.1 connection and make an HTTP/2 message malformed (RFC 9113 §8.2.2).</summary>
    private static readonly string[] ConnectionSpecific =
        [HeaderNames.Connection, HeaderNames.ProxyConnection, HeaderNames.KeepAlive, HeaderNames.TransferEncoding, HeaderNames.Upgrade];

    /// <summary>The first problem found, or null for a well-formed request.</summary>
    public static RequestProblem? Find(HttpContext context)
    {
        var request = context.Request;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (raw is not null && raw.AsSpan().IndexOfAnyExcept(TargetChars) >= 0)
        {
            return Bad("The request target has a space, control character, '#' or non-ASCII byte; percent-encode it (RFC 3986).");
        }

        var http2 = HttpProtocol.IsHttp2(request.Protocol);
        if (!http2 && HopByHopFramingProblem(request) is { } framing)
        {
            return framing;
        }

        foreach (var (name, values) in request.Headers)
        {
            if (http2 && FieldNameProblem(name, values) is { } nameProblem)
            {
                return nameProblem;
            }

            foreach (var value in values)
            {
                var span = value.AsSpan();
                if (span.IndexOfAnyExcept(ValueChars) >= 0)
                {
                    return Bad($"The {name} header has a control character in its value.");
                }

                if (http2 && !span.IsEmpty && (IsWhitespace(span[0]) || IsWhitespace(span[^1])))
                {
                    return Bad($"The {name} header value starts or ends with whitespace, which HTTP/2 does not allow.");
                }
            }
        }

        return null;
    }

    /// <summary>Transfer-Encoding on HTTP/1.x (RFC 9112 §6.1). Kestrel already refused any whose last coding is not chunked.</summary>
    private static RequestProblem? HopByHopFramingProblem(HttpRequest request)
    {
        var codings = request.Headers.TransferEncoding;
        if (codings.Count == 0)
        {
            return null;
        }

        if (HttpProtocol.IsHttp10(request.Protocol))
        {
            // The framing of an HTTP/1.0 message with Transfer-Encoding is faulty by definition: a 1.0 recipient
            // ignores the header and reads the body as the next request.
            return Bad("HTTP/1.0 requests cannot use Transfer-Encoding; send Content-Length, or use HTTP/1.1.");
        }

        var chunked = 0;
        foreach (var value in codings)
        {
            foreach (var coding in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!coding.Equals("chunked", StringComparison.OrdinalIgnoreCase))
                {
                    return new RequestProblem(StatusCodes.Status501NotImplemented,
                        $"Porch does not implement the transfer coding \"{coding}\"; send the body with Transfer-Encoding: chunked alone.");
                }

                chunked++;
            }
        }

        return chunked == 1 ? null : Bad("Transfer-Encoding names chunked more than once; a body is chunked exactly once.");
    }

    private static RequestProblem? FieldNameProblem(string name, StringValues values)
    {
        if (name.StartsWith(':'))
        {
            return null;
        }

        if (name.Length == 0 || name.AsSpan().IndexOfAnyExcept(TokenChars) >= 0)
        {
            return Bad("A header name has characters HTTP/2 does not allow (space, colon or control).");
        }

        foreach (var connectionSpecific in ConnectionSpecific)
        {
            if (name.Equals(connectionSpecific, StringComparison.OrdinalIgnoreCase))
            {
                return Bad($"The {connectionSpecific} header belongs to HTTP/1.1 connections and is not allowed in HTTP/2.");
            }
        }

        return name.Equals(HeaderNames.TE, StringComparison.OrdinalIgnoreCase) && !(values is ["trailers"])
            ? Bad("The TE header may only say \"trailers\" in HTTP/2.")
            : null;
    }

    private static bool IsWhitespace(char c) => c is ' ' or '\t';

    private static RequestProblem Bad(string detail) => new(StatusCodes.Status400BadRequest, detail);

    private static IEnumerable<char> Range(char first, char last) => Enumerable.Range(first, last - first + 1).Select(i => (char)i);
}
