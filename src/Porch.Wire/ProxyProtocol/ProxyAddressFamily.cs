namespace Porch.Wire.ProxyProtocol;

/// <summary>The v2 address family (high nibble of byte 14); v1 TCP4, TCP6 and UNKNOWN map to the first three.</summary>
internal enum ProxyAddressFamily : byte
{
    /// <summary>AF_UNSPEC (v1 UNKNOWN): no addresses; the socket's stay the real ones.</summary>
    Unspecified = 0x0,

    /// <summary>AF_INET: 4-byte addresses and 2-byte ports, source then destination.</summary>
    Inet = 0x1,

    /// <summary>AF_INET6: 16-byte addresses and 2-byte ports.</summary>
    Inet6 = 0x2,

    /// <summary>AF_UNIX: two 108-byte socket paths.</summary>
    Unix = 0x3,
}
