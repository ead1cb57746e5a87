namespace Porch.Wire.ProxyProtocol;

/// <summary>The v2 command (low nibble of byte 13). A v1 header is always <see cref="Proxy"/>.</summary>
internal enum ProxyCommand : byte
{
    /// <summary>The proxy's own connection (a health check): the socket's addresses stay the real ones.</summary>
    Local = 0x0,

    /// <summary>A relayed connection: the header's addresses are the original client's and server's.</summary>
    Proxy = 0x1,
}
