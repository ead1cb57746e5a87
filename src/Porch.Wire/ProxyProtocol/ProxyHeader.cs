using System.Net;
using System.Text;

namespace Porch.Wire.ProxyProtocol;

/// <summary>
/// A PROXY protocol header (v1 or v2): who the original client and server were, and for v2 the TLVs the proxy added.
/// <see cref="Tlvs"/> is the single source of truth; the typed properties read from it.
/// </summary>
internal sealed record ProxyHeader
{
    /// <summary>1 (text) or 2 (binary).</summary>
    public required int Version { get; init; }

    public ProxyCommand Command { get; init; } = ProxyCommand.Proxy;

    public ProxyAddressFamily Family { get; init; }

    public ProxyTransport Transport { get; init; } = ProxyTransport.Stream;

    /// <summary>The original client, for AF_INET/AF_INET6 (TCP4/TCP6).</summary>
    public IPEndPoint? Source { get; init; }

    /// <summary>The address the client connected to on the proxy.</summary>
    public IPEndPoint? Destination { get; init; }

    /// <summary>The client's socket path for AF_UNIX.</summary>
    public string? UnixSource { get; init; }

    public string? UnixDestination { get; init; }

    /// <summary>The v2 TLVs in the order received, NOOP and CRC32C included.</summary>
    public IReadOnlyList<ProxyTlv> Tlvs { get; init; } = [];

    /// <summary>
    /// Whether the addresses replace the socket's: not for LOCAL (the proxy's own connection, §2.2), nor for
    /// UNSPEC/UNKNOWN (the proxy could not tell), nor for AF_UNIX (not an IP client).
    /// </summary>
    public bool HasIpAddresses => Command == ProxyCommand.Proxy && Source is not null;

    public string? Alpn => Text(ProxyTlvType.Alpn, Encoding.ASCII);

    public string? Authority => Text(ProxyTlvType.Authority, Encoding.UTF8);

    public string? Netns => Text(ProxyTlvType.Netns, Encoding.ASCII);

    public ReadOnlyMemory<byte>? UniqueId => Find(ProxyTlvType.UniqueId)?.Value;

    public ProxySslInfo? Ssl => Find(ProxyTlvType.Ssl) is { } tlv ? ProxySslInfo.Decode(tlv.Value.Span, tlv.Value, out _) : null;

    public ProxyTlv? Find(byte type)
    {
        foreach (var tlv in Tlvs)
        {
            if (tlv.Type == type)
            {
                return tlv;
            }
        }

        return null;
    }

    private string? Text(byte type, Encoding encoding) => Find(type) is { } tlv ? encoding.GetString(tlv.Value.Span) : null;
}
