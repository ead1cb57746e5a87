using System.Buffers.Text;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Acme;

/// <summary>A certificate on disk (fullchain.pem + privkey.pem) and what renewal needs to know about it.</summary>
internal sealed record StoredCertificate(string Name, X509Certificate2 Leaf, X509Certificate2Collection Chain)
{
    public DateTimeOffset NotBefore => new(Leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero);

    public DateTimeOffset NotAfter => new(Leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero);

    public string Issuer => Leaf.IssuerName.Name;

    public IReadOnlyList<string> Names =>
        [.. Leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateDnsNames())];

    /// <summary>
    /// The ARI certificate identifier (RFC 9773 §4.1): base64url(authority key identifier) "." base64url(serial),
    /// or null when the certificate has no authority key identifier.
    /// </summary>
    public string? RenewalCertId
    {
        get
        {
            var aki = Leaf.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().FirstOrDefault()?.KeyIdentifier;
            return aki is { } id
                ? Base64Url.EncodeToString(id.Span) + "." + Base64Url.EncodeToString(Leaf.SerialNumberBytes.Span)
                : null;
        }
    }
}
