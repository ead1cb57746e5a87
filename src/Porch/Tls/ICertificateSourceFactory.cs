using Porch.Configuration;

namespace Porch.Tls;

/// <summary>
/// Makes the certificate source of a TLS site while the configuration is compiled; what it cannot provide is a
/// configuration error, so a TLS site without a way to get a certificate never starts.
/// </summary>
internal interface ICertificateSourceFactory
{
    /// <summary>The source for a site, or null with the reason added to <paramref name="errors"/> at <paramref name="at"/>.</summary>
    ICertificateSource? Create(TlsSettings settings, IReadOnlyList<string> hosts, string at, List<ConfigError> errors);
}
