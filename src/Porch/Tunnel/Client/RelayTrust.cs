using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Tunnel.Client;

/// <summary>
/// How every transport to the relay trusts its certificate: the system's roots, and the roots given with
/// <c>--ca</c> (a relay with its own local CA, or an ACME CA under test).
/// </summary>
internal static class RelayTrust
{
    /// <summary>Makes <paramref name="handler"/> also accept chains that end in one of <paramref name="roots"/>.</summary>
    public static void Apply(SocketsHttpHandler handler, X509Certificate2Collection? roots)
    {
        if (roots is { Count: > 0 })
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, sent, errors) =>
                errors == SslPolicyErrors.None || ChainsTo(certificate, sent, errors, roots);
        }
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
