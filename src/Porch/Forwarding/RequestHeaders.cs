using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Porch.Forwarding;

/// <summary>Copies the client's request headers onto the outgoing request, minus what stops at this hop.</summary>
internal static class RequestHeaders
{
    /// <summary>
    /// Never copied as sent: hop-by-hop headers, the forwarding headers Porch sets itself, and Content-Length, which
    /// the outgoing body states for itself (a streamed body of unknown length goes chunked instead).
    /// </summary>
    private static readonly FrozenSet<string> SetApart = HopByHop.Names
        .Concat([
            ForwardedHeaders.XForwardedFor, ForwardedHeaders.XForwardedProto, ForwardedHeaders.XForwardedHost,
            ForwardedHeaders.Forwarded, HeaderNames.ContentLength,
        ])
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Copies every end-to-end header, and the client's Host unchanged; <c>TE: trailers</c> is the one TE value kept. <paramref name="skip"/>
    /// names one more header to leave out (a WebSocket key that does not cross to HTTP/2), or is null.
    /// </summary>
    public static void Copy(HttpRequest request, HttpRequestMessage outgoing, string? skip = null)
    {
        var headers = request.Headers;
        var connection = headers.Connection;
        var content = outgoing.Content;
        foreach (var (name, values) in headers)
        {
            if (SetApart.Contains(name) || (connection.Count > 0 && HopByHop.IsListed(connection, name)) ||
                (skip is not null && name.Equals(skip, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            // Content-* headers belong to the body; HttpRequestHeaders refuses them, so they go to the content,
            // or nowhere when there is no body to describe.
            if (values.Count == 1)
            {
                if (!outgoing.Headers.TryAddWithoutValidation(name, values[0]))
                {
                    content?.Headers.TryAddWithoutValidation(name, values[0]);
                }
            }
            else if (!outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        var host = headers.Host;
        if (host.Count > 0)
        {
            outgoing.Headers.TryAddWithoutValidation(HeaderNames.Host, host[0]);
        }

        if (headers.TE.Count > 0 && HopByHop.AcceptsTrailers(headers.TE))
        {
            outgoing.Headers.TryAddWithoutValidation(HeaderNames.TE, "trailers");
        }
    }
}
