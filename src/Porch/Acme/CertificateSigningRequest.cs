using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Acme;

/// <summary>
/// The CSR sent to finalize an order (RFC 8555 §7.4): a fresh P-256 key per certificate, every name as a SAN, the
/// first name as the subject's common name.
/// </summary>
internal static class CertificateSigningRequest
{
    public static byte[] Create(ECDsa certificateKey, IReadOnlyList<string> names)
    {
        ArgumentOutOfRangeException.ThrowIfZero(names.Count);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + names[0]), certificateKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequest();
    }
}
