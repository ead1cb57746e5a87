using System.Net.Security;
using Porch.Tls;

namespace Porch.Tunnel.Relay.Certificates;

/// <summary>
/// The gate in front of a certificate source that could answer for any name (the local CA signs whatever SNI asks
/// for; a wildcard covers every NAME.DOMAIN): only the domain and names of tunnels connected now get a certificate,
/// anything else gets none and its handshake fails, so nobody can make the relay mint or show certificates for names
/// that are not tunnels.
/// </summary>
internal sealed class LiveNameCertificates(ICertificateSource inner, ITunnelDirectory directory) : ICertificateSource
{
    public SslStreamCertificateContext? Find(string? serverName) =>
        RelayHostNames.Normalize(serverName) is { } name && RelayHostNames.IsServed(directory, name) ? inner.Find(name) : null;
}
