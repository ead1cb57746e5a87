namespace Porch.Wire.ProxyProtocol;

/// <summary>The v2 transport protocol (low nibble of byte 14).</summary>
internal enum ProxyTransport : byte
{
    Unspecified = 0x0,

    /// <summary>SOCK_STREAM: TCP, or a stream UNIX socket.</summary>
    Stream = 0x1,

    /// <summary>SOCK_DGRAM: UDP, or a datagram UNIX socket.</summary>
    Datagram = 0x2,
}
