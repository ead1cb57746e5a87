using System.Net;
using Porch.Wire.ProxyProtocol;

namespace Porch.Net;

/// <summary>
/// What a trusted proxy said in the PROXY header of this connection (set by the PROXY connection middleware): the
/// original client and server, and for v2 the TLVs (ALPN, authority, TLS facts, unique ID). Visible to every request
/// on the connection through its features.
/// </summary>
internal sealed class ProxyProtocolFeature(ProxyHeader header, IPEndPoint? proxy)
{
    public ProxyHeader Header { get; } = header;

    /// <summary>The socket's peer: the proxy that sent the header.</summary>
    public IPEndPoint? Proxy { get; } = proxy;

    /// <summary>
    /// The original client, or null when the header carries no IP addresses (LOCAL, UNSPEC/UNKNOWN, AF_UNIX): then
    /// the socket's peer is the client, as the protocol says (proxy-protocol.txt §2.1, §2.2).
    /// </summary>
    public IPEndPoint? Client { get; } = header.HasIpAddresses ? header.Source : null;
}
