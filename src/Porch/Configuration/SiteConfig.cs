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

    public IReadOnlyList<RouteConfig> Routes { get; init; } = [];
}
