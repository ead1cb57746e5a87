using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Acme;

/// <summary>
/// The HttpClient that talks to a CA. The system's roots are trusted; for a private ACME server (pebble, step-ca)
/// <c>--acme-ca-trust PEM</c> names the root that signs its HTTPS certificate, trusted for this client only.
/// </summary>
internal static class AcmeHttp
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static HttpClient Create(string? trustPemPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        };
        if (trustPemPath is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(trustPemPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                errors == SslPolicyErrors.None || (certificate is X509Certificate2 leaf && ChainsTo(leaf, chain, roots, errors));
        }

        var http = new HttpClient(handler) { Timeout = RequestTimeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("porch/" + typeof(AcmeHttp).Assembly.GetName().Version?.ToString(3));
        return http;
    }

    private static bool ChainsTo(X509Certificate2 leaf, X509Chain? original, X509Certificate2Collection roots, SslPolicyErrors errors)
    {
        // Only the trust anchor may differ: a name mismatch stays an error.
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (original is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(original.ChainElements.Select(e => e.Certificate).ToArray());
        }

        return chain.Build(leaf);
    }
}
