using Porch.Wire.Tls;

namespace Porch.Tls;

/// <summary>The peeked ClientHello of a TLS connection, for choosing the handshake's options (and, later, SNI routing).</summary>
internal sealed class ClientHelloFeature(TlsClientHello hello)
{
    public TlsClientHello Hello { get; } = hello;
}
