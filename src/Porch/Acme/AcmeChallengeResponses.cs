using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Acme;

/// <summary>
/// What the server must answer while a CA validates a name. One instance per server: ACME orders write it, the plain
/// HTTP listener and the TLS layer read it.
/// </summary>
internal sealed class AcmeChallengeResponses
{
    /// <summary>HTTP-01 (RFC 8555 §8.3): token to key authorization, served at /.well-known/acme-challenge/TOKEN.</summary>
    public ConcurrentDictionary<string, string> Http01 { get; } = new(StringComparer.Ordinal);

    /// <summary>TLS-ALPN-01 (RFC 8737 §3): name to the self-signed validation certificate, presented for ALPN "acme-tls/1".</summary>
    public ConcurrentDictionary<string, X509Certificate2> TlsAlpn01 { get; } = new(StringComparer.OrdinalIgnoreCase);
}
