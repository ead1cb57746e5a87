using Microsoft.Extensions.Logging;
using Porch.Acme;
using Porch.Configuration;
using Porch.Tls;

namespace Porch.Tunnel.Relay.Certificates;

/// <summary>
/// The relay's certificate sources (its site's hosts are DOMAIN and *.DOMAIN), each answering only for the domain
/// and for names of live tunnels (<see cref="ITunnelDirectory.IsLive"/>):
/// <list type="bullet">
/// <item>internal (and PEM files): <paramref name="inner"/>'s source behind <see cref="LiveNameCertificates"/>; the
/// local CA signs a leaf for exactly the name asked for.</item>
/// <item>acme with DNS-01 set up (<c>acme.dns</c>, --acme-dns-*): one certificate for DOMAIN and *.DOMAIN, issued at
/// start and renewed as usual; no per-name orders.</item>
/// <item>acme without it: <see cref="OnDemandAcmeCertificates"/>, one certificate per tunnel name.</item>
/// <item>off: no TLS, so no source is asked for.</item>
/// </list>
/// </summary>
internal sealed class RelayCertificateSourceFactory(
    ICertificateSourceFactory inner, AcmeManager acme, ITunnelDirectory directory, ILogger logger) : ICertificateSourceFactory, IDisposable
{
    private OnDemandAcmeCertificates? onDemand;

    public ICertificateSource? Create(TlsSettings settings, IReadOnlyList<string> hosts, string at, List<ConfigError> errors)
    {
        var domain = directory.Domain;
        var useAcme = settings.Mode == TlsMode.Acme || (settings.Mode == TlsMode.Auto && AcmeSettingsCompiler.IsPublicName(domain));
        if (!useAcme)
        {
            // "auto" with a local domain (localhost) is the local CA here, as it is for inner.
            var source = inner.Create(settings, hosts, at, errors);
            return source is null ? null : new LiveNameCertificates(source, directory);
        }

        if (!AcmeSettingsCompiler.CheckNames(hosts, at, errors))
        {
            return null;
        }

        if (acme.SolvesDns01)
        {
            // The domain first: the first name names the certificate (its folder, certificates/DOMAIN, in the state directory).
            return new LiveNameCertificates(acme.Manage([domain, "*." + domain]), directory);
        }

        return onDemand ??= new OnDemandAcmeCertificates(acme, directory, logger);
    }

    public void Dispose() => onDemand?.Dispose();
}
