using Microsoft.Extensions.Logging;
using Porch.Acme;
using Porch.Configuration;
using Porch.Tls;

namespace Porch.Tunnel.Relay.Certificates;

/// <summary>
/// The relay's certificate sources (its site's hosts are DOMAIN and *.DOMAIN), each answering only for the domain
/// and for names of live tunnels (<see cref="ITunnelDirectory.IsLive"/>), except the local CA's:
/// <list type="bullet">
/// <item>internal: the local CA behind <see cref="TunnelNameCertificates"/>, a leaf for exactly the name asked for,
/// for any name a tunnel could have, so offline names show the relay's 404 page.</item>
/// <item>PEM files: <paramref name="inner"/>'s source behind <see cref="LiveNameCertificates"/>.</item>
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
            return source is null ? null
                : settings.Mode == TlsMode.Files ? new LiveNameCertificates(source, directory)
                : new TunnelNameCertificates(source, domain);
        }

        if (!AcmeSettingsCompiler.IsPublicName(domain))
        {
            // The relay is set up from its flags, so the fix is said in flags, not in porch.json terms.
            errors.Add(new ConfigError($"{at}.hosts", $"--tls acme needs a public --domain a CA can issue for, and \"{domain}\" is not one; use --tls internal to try the relay on this machine, or a domain you own"));
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
