using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Porch.Acme;

/// <summary>
/// The self-signed certificate that answers a TLS-ALPN-01 challenge (RFC 8737 §3): the name as its only SAN and the
/// critical id-pe-acmeIdentifier extension holding SHA-256 of the key authorization as a DER OCTET STRING.
/// </summary>
internal static class TlsAlpnChallengeCertificate
{
    /// <summary>id-pe-acmeIdentifier (RFC 8737 §6.1).</summary>
    public const string AcmeIdentifierOid = "1.3.6.1.5.5.7.1.31";

    public static X509Certificate2 Create(string name, string keyAuthorization, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ACME TLS-ALPN-01 challenge", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());

        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization)));
        // Critical, so a client that does not understand it cannot mistake this certificate for a real one (§3).
        request.CertificateExtensions.Add(new X509Extension(AcmeIdentifierOid, writer.Encode(), critical: true));

        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        // Exported and re-imported so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
