using System.Net.Security;

namespace Porch.Tls;

/// <summary>
/// "The certificate for this name, please": the one question the TLS layer asks. Implemented by the local CA, by PEM
/// files and by ACME-managed certificates; a source swaps in a renewed certificate by answering with the new one.
/// </summary>
internal interface ICertificateSource
{
    /// <summary>The certificate (with its chain) for <paramref name="serverName"/> (null when the client sent no SNI), or null when this source has none.</summary>
    SslStreamCertificateContext? Find(string? serverName);
}
