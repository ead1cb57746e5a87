namespace Porch.Configuration;

/// <summary>One site: the host names it answers, where it listens, and its routes by path prefix.</summary>
internal sealed record SiteConfig
{
    public string? Name { get; init; }

    /// <summary>Host names (exact or <c>*.example.com</c>); empty means "any host" on its listeners.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>Listen addresses: <c>8080</c> or <c>localhost:8080</c> (loopback), <c>*:8080</c> (every interface), <c>IP:PORT</c>.</summary>
    public IReadOnlyList<ListenConfig> Listen { get; init; } = [];

    /// <summary>HTTPS for this site's listeners; null means plain HTTP.</summary>
    public TlsConfig? Tls { get; init; }

    /// <summary>
    /// Plain-HTTP listen addresses of a TLS site: they answer ACME HTTP-01 challenges and redirect everything else to
    /// the site's HTTPS port (308).
    /// </summary>
    public IReadOnlyList<string> HttpListen { get; init; } = [];

    /// <summary>Opt-in HSTS (RFC 6797): HTTPS responses carry Strict-Transport-Security for a year.</summary>
    public bool Hsts { get; init; }

    public IReadOnlyList<RouteConfig> Routes { get; init; } = [];

    /// <summary>Who may use the site; null means the defaults (local clients allowed, remote clients refused).</summary>
    public AccessConfig? Access { get; init; }
}
