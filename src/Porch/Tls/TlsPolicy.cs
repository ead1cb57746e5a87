using System.Net.Security;
using System.Security.Authentication;

namespace Porch.Tls;

/// <summary>
/// The TLS every Porch listener offers: TLS 1.3 and 1.2 only (RFC 8996 retires 1.0 and 1.1), forward-secret AEAD
/// suites only (ECDHE with AES-GCM or ChaCha20-Poly1305 for 1.2, as RFC 9325 §4.2 recommends; the three standard
/// suites for 1.3), and ALPN h2 then http/1.1 (RFC 7301; RFC 9113 §3.2 needs TLS 1.2+ and these suites for h2).
/// </summary>
internal static class TlsPolicy
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>How long a client may take from connecting to finishing its handshake (the ClientHello peek included).</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    public static readonly SslApplicationProtocol AcmeTls = new(Porch.Wire.Tls.TlsClientHello.AcmeTlsProtocol);

    private static readonly List<SslApplicationProtocol> Http = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    private static readonly List<SslApplicationProtocol> AcmeOnly = [AcmeTls];

    /// <summary>Null where the platform cannot restrict suites (Windows); the system's defaults then apply.</summary>
    public static readonly CipherSuitesPolicy? Suites = CreateSuites();

    /// <summary>Options for an ordinary HTTPS handshake with <paramref name="certificate"/>.</summary>
    public static SslServerAuthenticationOptions ForHttp(SslStreamCertificateContext certificate) => new()
    {
        ServerCertificateContext = certificate,
        EnabledSslProtocols = Protocols,
        CipherSuitesPolicy = Suites,
        ApplicationProtocols = Http,
        ClientCertificateRequired = false,
        // RFC 9113 §9.2.1: no renegotiation under HTTP/2; Porch never needs it for HTTP/1.1 either.
        AllowRenegotiation = false,
    };

    /// <summary>RFC 8737 §3: the validation certificate, with "acme-tls/1" as the only protocol the server accepts.</summary>
    public static SslServerAuthenticationOptions ForAcmeValidation(SslStreamCertificateContext certificate) => new()
    {
        ServerCertificateContext = certificate,
        EnabledSslProtocols = Protocols,
        CipherSuitesPolicy = Suites,
        ApplicationProtocols = AcmeOnly,
        AllowRenegotiation = false,
    };

    private static CipherSuitesPolicy? CreateSuites()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return new CipherSuitesPolicy(
        [
            TlsCipherSuite.TLS_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
        ]);
    }
}
