using System.Net.Security;
using Porch.Tls;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay.Certificates;

/// <summary>
/// The gate in front of the local CA (<c>--tls internal</c>): the domain and every name a tunnel could have (one label
/// under DOMAIN that passes <see cref="TunnelName"/>'s rules) get a certificate, live or not, so a visitor of a name
/// that is offline or was never connected completes the handshake and reads the relay's "No tunnel named NAME" page
/// instead of a bare TLS failure. Signing is free here (about a millisecond, the CA's leaf cache is bounded), and the
/// CA is the operator's own: nobody outside trusts it. Deeper names and names outside the domain still get none.
/// ACME sources keep <see cref="LiveNameCertificates"/>: a public CA's certificates cost rate limits.
/// </summary>
internal sealed class TunnelNameCertificates(ICertificateSource inner, string domain) : ICertificateSource
{
    private readonly string suffix = "." + domain;

    public SslStreamCertificateContext? Find(string? serverName) =>
        RelayHostNames.Normalize(serverName) is { } name && (name == domain || IsTunnelName(name)) ? inner.Find(name) : null;

    private bool IsTunnelName(string name) =>
        name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal) && TunnelName.IsValid(name[..^suffix.Length], out _);
}
