namespace Porch.Wire.Tls;

/// <summary>What <see cref="TlsClientHelloParser.TryParse"/> could tell from the bytes it was given.</summary>
internal enum TlsClientHelloStatus
{
    /// <summary>The bytes so far are a valid prefix of a ClientHello; read more.</summary>
    Incomplete,

    /// <summary>A whole ClientHello was read; <see cref="TlsClientHello"/> holds what it offered.</summary>
    Complete,

    /// <summary>The first byte is not a TLS handshake record: the peer speaks something else (plain HTTP, say).</summary>
    NotTls,

    /// <summary>A TLS handshake record that breaks the ClientHello grammar or one of <see cref="TlsClientHelloLimits"/>.</summary>
    Invalid,
}
