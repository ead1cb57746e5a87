using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Porch.Forwarding;

/// <summary>
/// Headers that describe one connection, not the message, and so stop at each hop (RFC 9110 §7.6.1): they are
/// never copied between the client side and the upstream side.
/// </summary>
internal static class HopByHop
{
    /// <summary>
    /// The fixed set. <c>Proxy-Authorization</c> and <c>Proxy-Authenticate</c> are credentials for a forward proxy
    /// on the path (RFC 9110 §11.7): a reverse proxy is the end of that path, so they go no further. <c>TE</c> is
    /// handled apart because its <c>trailers</c> value must pass (RFC 9110 §10.1.4). <c>Upgrade</c> is here because
    /// only an upgrade request carries it on, explicitly. <c>Trailer</c> announces trailer fields this hop may not
    /// pass on. <c>HTTP2-Settings</c> belongs to the h2c upgrade, which is connection-specific (RFC 7540 §3.2.1) and
    /// never forwarded; it is named here because Kestrel may not show the Connection header that lists it.
    /// <c>Host</c> is not hop-by-hop but is set apart too.
    /// </summary>
    public static readonly FrozenSet<string> Names = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        HeaderNames.Connection,
        HeaderNames.KeepAlive,
        HeaderNames.ProxyConnection,
        HeaderNames.TransferEncoding,
        HeaderNames.Upgrade,
        HeaderNames.ProxyAuthorization,
        HeaderNames.ProxyAuthenticate,
        HeaderNames.Host,
        HeaderNames.TE,
        "HTTP2-Settings",
        "Trailer");

    /// <summary>True when the TE header asks for trailers, the one TE value that travels on (RFC 9110 §10.1.4).</summary>
    public static bool AcceptsTrailers(StringValues te) => IsListed(te, "trailers");

    /// <summary>
    /// Whether a comma-separated header (Connection, TE...) lists <paramref name="token"/>, ignoring parameters.
    /// Headers a Connection header lists are hop-by-hop too, whatever their name.
    /// </summary>
    public static bool IsListed(StringValues values, string token)
    {
        foreach (var value in values)
        {
            var rest = value.AsSpan();
            while (!rest.IsEmpty)
            {
                var comma = rest.IndexOf(',');
                var item = comma < 0 ? rest : rest[..comma];
                rest = comma < 0 ? [] : rest[(comma + 1)..];
                var semicolon = item.IndexOf(';');
                if (semicolon >= 0)
                {
                    item = item[..semicolon];
                }

                if (item.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
