namespace Porch.Wire.ProxyProtocol;

/// <summary>The fixed sizes of the PROXY protocol (proxy-protocol.txt §2.1, §2.2).</summary>
internal static class ProxyProtocolLimits
{
    /// <summary>The longest v1 line, CRLF included: "PROXY UNKNOWN" and two full IPv6 addresses and ports (§2.1).</summary>
    public const int V1MaxLength = 107;

    /// <summary>Signature, version/command, family/transport and the 2-byte length.</summary>
    public const int V2FixedLength = 16;

    /// <summary>The 16-bit length field bounds what follows the fixed part.</summary>
    public const int V2MaxLength = V2FixedLength + ushort.MaxValue;

    /// <summary>A UNIQUE_ID value may not be longer than this.</summary>
    public const int UniqueIdMaxLength = 128;

    /// <summary>Each AF_UNIX address is a sun_path of this many bytes.</summary>
    public const int UnixPathLength = 108;

    /// <summary>"\r\n\r\n\0\r\nQUIT\n": a v2 header starts with these 12 bytes, which no text protocol begins with.</summary>
    public static ReadOnlySpan<byte> V2Signature => [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A];

    /// <summary>A v1 header starts with these 6 bytes.</summary>
    public static ReadOnlySpan<byte> V1Prefix => "PROXY "u8;

    /// <summary>The address block length of each v2 family.</summary>
    public static int V2AddressLength(ProxyAddressFamily family) => family switch
    {
        ProxyAddressFamily.Inet => 12,
        ProxyAddressFamily.Inet6 => 36,
        ProxyAddressFamily.Unix => 2 * UnixPathLength,
        _ => 0,
    };
}
