using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Tunnel.Client;

/// <summary>
/// The HTTP handler every transport to the relay starts from: a direct connection (no proxy, cookies, redirects or
/// decompression: the relay speaks only the tunnel protocol), and trust in the system's roots plus the roots given
/// with <c>--ca</c> (a relay with its own local CA, or an ACME CA under test).
/// </summary>
internal static class RelayHandler
{
    /// <param name="connectTimeout">How long a TCP and TLS connect may take.</param>
    /// <param name="roots">Roots trusted for the relay's certificate besides the system's (<c>--ca</c>).</param>
    public static SocketsHttpHandler Create(TimeSpan connectTimeout, X509Certificate2Collection? roots)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (roots is { Count: > 0 })
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, sent, errors) =>
                errors == SslPolicyErrors.None || ChainsTo(certificate, sent, errors, roots);
        }

        return handler;
    }

    /// <summary>Whether the only problem is an unknown root, and the chain ends in one of <paramref name="roots"/>.</summary>
    private static bool ChainsTo(X509Certificate? certificate, X509Chain? sent, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // The intermediates the relay sent (an ACME CA's, e.g. pebble's or step-ca's): trusted only through the root.
        chain.ChainPolicy.ExtraStore.AddRange(sent?.ChainElements.Select(e => e.Certificate).ToArray() ?? []);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
