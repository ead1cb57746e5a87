using Porch.Configuration;
using Porch.Logging;
using Porch.Net;
using Porch.Tls;

namespace Porch.Hosting;

/// <summary>
/// The running snapshot: everything parsed and checked, swapped atomically on reload, never mutated.
/// Sites are found by the local port of the connection; port 0 (tests, "any free port") is the fallback key.
/// </summary>
internal sealed class CompiledConfig
{
    public required PorchConfig Source { get; init; }

    public required IReadOnlyList<CompiledListener> Listeners { get; init; }

    public required IReadOnlyDictionary<int, SiteSelector> SitesByPort { get; init; }

    /// <summary>Certificate selection by SNI for each TLS port, built once per snapshot (port 0 as for sites).</summary>
    public IReadOnlyDictionary<int, SniSelector> CertificatesByPort { get; init; } = new Dictionary<int, SniSelector>();

    /// <summary>Plain-HTTP ports (a site's httpListen) and the HTTPS port each redirects to.</summary>
    public IReadOnlyDictionary<int, int> HttpsRedirectPorts { get; init; } = new Dictionary<int, int>();

    /// <summary>Every certificate source some TLS site uses, so sources a reload dropped can be retired.</summary>
    public IReadOnlyCollection<ICertificateSource> CertificateSources =>
        [.. CertificatesByPort.Values.SelectMany(s => s.Sources).Distinct()];

    public required AccessLogSettings AccessLog { get; init; }

    public required ServerLimits Limits { get; init; }

    /// <summary>Peers whose PROXY and forwarded headers are believed (<see cref="ClientAddress"/>).</summary>
    public CidrSet TrustedProxies { get; init; } = CidrSet.Empty;

    /// <summary>Every handler some route uses, so handlers the previous snapshot had and this one dropped can be retired.</summary>
    public required IReadOnlyCollection<IRequestHandler> Handlers { get; init; }

    public SniSelector? Certificates(int localPort) =>
        CertificatesByPort.TryGetValue(localPort, out var selector) || CertificatesByPort.TryGetValue(0, out selector) ? selector : null;

    public CompiledSite? SelectSite(int localPort, string host)
    {
        if (SitesByPort.TryGetValue(localPort, out var selector) || SitesByPort.TryGetValue(0, out selector))
        {
            return selector.Select(host);
        }

        return null;
    }
}
