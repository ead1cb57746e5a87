namespace Porch.Wire.Tls;

/// <summary>
/// What a ClientHello asked for that decides the server's answer before the handshake starts: the host name of the
/// server_name extension (RFC 6066 §3) and the protocols of the ALPN extension (RFC 7301 §3.1), in the client's order.
/// </summary>
internal sealed record TlsClientHello(string? ServerName, IReadOnlyList<string> Protocols)
{
    /// <summary>RFC 8737 §3: the only ALPN protocol of a TLS-ALPN-01 validation handshake.</summary>
    public const string AcmeTlsProtocol = "acme-tls/1";

    /// <summary>True when the client offers ALPN "acme-tls/1" and nothing else, as RFC 8737 §3 says a validator does.</summary>
    public bool IsAcmeTlsAlpn01 => Protocols.Count == 1 && Protocols[0] == AcmeTlsProtocol;
}
