using System.Net;
using Microsoft.AspNetCore.Http;

namespace Porch.Net;

/// <summary>
/// The one place Porch asks who the client is: the access log's <c>%h</c>, the forwarder's <c>X-Forwarded-For</c> and
/// <c>Forwarded: for=</c>. Today that is the socket's peer; when the real client address is decided below HTTP (PROXY
/// protocol, trusted forwarded headers), only this method changes.
/// </summary>
internal static class ClientAddress
{
    /// <summary>The client's address, IPv4-mapped IPv6 shown as plain IPv4; null when the transport has none.</summary>
    public static IPAddress? Of(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
    }
}
