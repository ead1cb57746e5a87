using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Tests.Tls;

/// <summary>Certificates and keys written the way certbot and dehydrated write them (fullchain.pem + privkey.pem).</summary>
internal static class TestCertificates
{
    /// <summary>The thumbprint of the intermediate of the last pair written.</summary>
    [ThreadStatic]
    public static string? Intermediate;

    public enum KeyForm
    {
        Pkcs8,
        Pkcs1Rsa,
        Sec1Ec,
    }

    /// <summary>A CA-signed leaf for <paramref name="names"/>; the certificate file holds leaf then CA, the key file the leaf's key.</summary>
    public static X509Certificate2 WritePair(string certPath, string keyPath, string[] names, bool rsa = false, KeyForm form = KeyForm.Pkcs8)
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test Root", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(now.AddDays(-2), now.AddDays(60));
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Test Intermediate", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        using var ca = caRequest.Create(root, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(8));

        using AsymmetricAlgorithm key = rsa ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = key is RSA r
            ? new CertificateRequest($"CN={names[0]}", r, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            : new CertificateRequest($"CN={names[0]}", (ECDsa)key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        // Signed by the intermediate's EC key whatever the leaf's own key type, as a CA with an EC chain would.
        var leaf = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddDays(-1), now.AddDays(20), RandomNumberGenerator.GetBytes(8));
        Intermediate = ca.Thumbprint;
        File.WriteAllText(certPath, leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, (key, form) switch
        {
            (RSA k, KeyForm.Pkcs1Rsa) => k.ExportRSAPrivateKeyPem(),
            (ECDsa k, KeyForm.Sec1Ec) => k.ExportECPrivateKeyPem(),
            _ => key.ExportPkcs8PrivateKeyPem(),
        });
        return leaf;
    }
}
