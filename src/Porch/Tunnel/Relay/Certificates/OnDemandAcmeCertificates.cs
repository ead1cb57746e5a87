using System.Collections.Concurrent;
using System.Net.Security;
using Microsoft.Extensions.Logging;
using Porch.Acme;
using Porch.Tls;

namespace Porch.Tunnel.Relay.Certificates;

/// <summary>
/// ACME certificates for the relay without DNS-01: one for the domain, issued at start, and one per tunnel name,
/// ordered when the tunnel comes online (HTTP-01 on the relay's --http-port, TLS-ALPN-01 on its TLS port, both
/// answered by the running server before any routing) and served once issued.
/// <list type="bullet">
/// <item>Only <see cref="ITunnelDirectory.TunnelOnline"/> starts an order, never a handshake: a name is ordered only
/// after a client holding a valid token has claimed it.</item>
/// <item>A tunnel that goes offline is released from the <see cref="AcmeManager"/>, whose renewal loop visits only
/// the certificates it manages, so its certificate is no longer renewed (nor served). Its files stay in the state
/// folder: when the name comes back, the stored certificate serves at once and is renewed only when due.</item>
/// <item>Failures are the manager's: each failed attempt is logged once with the CA's problem and retried with its
/// exponential backoff and jitter, while handshakes for that name keep failing (there is nothing to show yet).</item>
/// </list>
/// Let's Encrypt limits issuance per registered domain (50 new certificates per 7 days), per exact set of names (5
/// per 7 days) and failed validations per name (5 per hour): a relay with many short-lived names should use the
/// wildcard (DNS-01) instead. Stored certificates are reused, so a tunnel reconnecting does not count again.
/// </summary>
internal sealed partial class OnDemandAcmeCertificates : ICertificateSource, IDisposable
{
    private readonly ConcurrentDictionary<string, ManagedCertificate> tunnels = new(StringComparer.OrdinalIgnoreCase);
    private readonly AcmeManager acme;
    private readonly ITunnelDirectory directory;
    private readonly ILogger logger;
    private readonly ManagedCertificate domain;

    public OnDemandAcmeCertificates(AcmeManager acme, ITunnelDirectory directory, ILogger logger)
    {
        this.acme = acme;
        this.directory = directory;
        this.logger = logger;
        domain = acme.Manage([directory.Domain]);
        directory.TunnelOnline += OnOnline;
        directory.TunnelOffline += OnOffline;
    }

    /// <summary>The tunnel names with a certificate managed now (issued or being ordered).</summary>
    public IReadOnlyCollection<string> Names => [.. tunnels.Keys];

    public SslStreamCertificateContext? Find(string? serverName)
    {
        if (RelayHostNames.Normalize(serverName) is not { } name)
        {
            return null;
        }

        if (string.Equals(name, directory.Domain, StringComparison.OrdinalIgnoreCase))
        {
            return domain.Find(name);
        }

        return directory.IsLive(name) && tunnels.TryGetValue(name, out var managed) ? managed.Find(name) : null;
    }

    public void Dispose()
    {
        directory.TunnelOnline -= OnOnline;
        directory.TunnelOffline -= OnOffline;
    }

    private void OnOnline(string hostName)
    {
        if (RelayHostNames.Normalize(hostName) is not { } name || tunnels.ContainsKey(name))
        {
            return;
        }

        // Manage wakes the renewal loop, which orders at once when nothing valid is stored for the name.
        var managed = tunnels.GetOrAdd(name, n => acme.Manage([n]));
        if (managed.Current is { } stored)
        {
            LogServingStored(logger, name, stored.NotAfter);
        }
        else
        {
            LogOrdering(logger, name);
        }
    }

    private void OnOffline(string hostName)
    {
        if (RelayHostNames.Normalize(hostName) is { } name && tunnels.TryRemove(name, out var managed))
        {
            acme.Release(managed);
            LogReleased(logger, name);
        }
    }

    [LoggerMessage(EventId = 630, Level = LogLevel.Information, Message = "Tunnel {Name} is online: ordering its certificate")]
    private static partial void LogOrdering(ILogger logger, string name);

    [LoggerMessage(EventId = 631, Level = LogLevel.Information, Message = "Tunnel {Name} is online: serving its stored certificate (valid until {NotAfter:u})")]
    private static partial void LogServingStored(ILogger logger, string name, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 632, Level = LogLevel.Information, Message = "Tunnel {Name} is offline: its certificate is no longer served or renewed")]
    private static partial void LogReleased(ILogger logger, string name);
}
