using System.Net;
using Microsoft.AspNetCore.Http;

namespace Porch.Net;

/// <summary>
/// The one place Porch asks who the client is: the access log's <c>%a</c>/<c>%h</c>, the access policy, rate limits,
/// and the forwarder's <c>X-Forwarded-For</c> and <c>Forwarded: for=</c>.
/// <list type="number">
/// <item>The transport's peer: the source a trusted proxy gave in the connection's PROXY header
/// (<see cref="ProxyProtocolFeature"/>), else the socket's peer.</item>
/// <item>When that peer is a trusted proxy, its forwarded headers are walked right to left, each hop believed only
/// while the hop that reported it is trusted (<see cref="ForwardedChain"/>). Decided once per request by
/// <see cref="Decide"/> and cached as a <see cref="ClientAddressFeature"/>.</item>
/// </list>
/// </summary>
internal static class ClientAddress
{
    /// <summary>The real client's address, IPv4-mapped IPv6 shown as plain IPv4; null when the transport has none.</summary>
    public static IPAddress? Of(HttpContext context) =>
        context.Features.Get<ClientAddressFeature>()?.Address ?? Transport(context);

    /// <summary>The transport's peer, IPv4-mapped IPv6 shown as plain IPv4: no HTTP header consulted.</summary>
    public static IPAddress? Transport(HttpContext context)
    {
        var address = context.Features.Get<ProxyProtocolFeature>()?.Client?.Address ?? context.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }

    /// <summary>
    /// Decides the client of this request once, before anything reads it. Headers are consulted only when the
    /// transport's peer is in <paramref name="trustedProxies"/>: from anyone else they are claims nobody vouched
    /// for. <c>X-Forwarded-For</c> is preferred because the proxies people run (HAProxy, nginx, CDNs) append to it;
    /// <c>Forwarded</c> (RFC 7239) is read only when it is absent.
    /// </summary>
    public static void Decide(HttpContext context, CidrSet trustedProxies)
    {
        if (trustedProxies.IsEmpty)
        {
            return;
        }

        var peer = Transport(context);
        if (peer is null || !trustedProxies.Contains(peer))
        {
            return;
        }

        var headers = context.Request.Headers;
        var forwardedFor = headers["X-Forwarded-For"];
        var chain = forwardedFor.Count > 0
            ? ForwardedChain.Walk(peer, forwardedFor, ForwardedSyntax.XForwardedFor, trustedProxies)
            : headers["Forwarded"] is { Count: > 0 } forwarded
                ? ForwardedChain.Walk(peer, forwarded, ForwardedSyntax.Forwarded, trustedProxies)
                : null;
        if (chain is not null)
        {
            context.Features.Set(new ClientAddressFeature(chain));
        }
    }
}
