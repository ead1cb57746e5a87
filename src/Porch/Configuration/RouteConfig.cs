namespace Porch.Configuration;

/// <summary>A path prefix and what answers it: a static root or an upstream (exactly one of them).</summary>
internal sealed record RouteConfig
{
    public string Path { get; init; } = "/";

    /// <summary>Folder served as static files; the route's prefix is stripped from the request path.</summary>
    public string? Root { get; init; }

    /// <summary>Directory listings for folders without index.html.</summary>
    public bool Browse { get; init; }

    /// <summary>Upstream for reverse proxying: a port, <c>host:port</c> or an http(s) URL.</summary>
    public string? Upstream { get; init; }

    /// <summary>Largest request body accepted on this route, e.g. <c>10MB</c>; <c>unlimited</c> to lift the limit.</summary>
    public string? MaxBodySize { get; init; }

    /// <summary>How long to wait for the upstream's response headers before answering 504, e.g. <c>60s</c>.</summary>
    public string? UpstreamTimeout { get; init; }

    /// <summary>
    /// A handler a verb built in code (the relay's dispatcher), used instead of root or upstream. Never read from a
    /// file: porch.json can only name folders and upstreams.
    /// </summary>
    public Hosting.IRequestHandler? Handler { get; init; }
}
