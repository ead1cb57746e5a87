namespace Porch.Wire.ProxyProtocol;

/// <summary>The v2 TLV types Porch understands (proxy-protocol.txt §2.2); others are kept raw and otherwise ignored.</summary>
internal static class ProxyTlvType
{
    /// <summary>The ALPN protocol the client negotiated with the proxy, e.g. <c>h2</c>.</summary>
    public const byte Alpn = 0x01;

    /// <summary>The host name the client asked for (TLS SNI), UTF-8.</summary>
    public const byte Authority = 0x02;

    /// <summary>CRC32C of the whole header with this field zeroed; a receiver that sees it must verify it.</summary>
    public const byte Crc32C = 0x03;

    /// <summary>Padding, ignored.</summary>
    public const byte Noop = 0x04;

    /// <summary>An opaque connection identifier of at most 128 bytes.</summary>
    public const byte UniqueId = 0x05;

    /// <summary>TLS facts: client flags, verify result, then sub-TLVs 0x21-0x25.</summary>
    public const byte Ssl = 0x20;

    public const byte SslVersion = 0x21;

    public const byte SslCommonName = 0x22;

    public const byte SslCipher = 0x23;

    public const byte SslSignatureAlgorithm = 0x24;

    public const byte SslKeyAlgorithm = 0x25;

    /// <summary>The network namespace the connection was accepted in, US-ASCII.</summary>
    public const byte Netns = 0x30;
}
