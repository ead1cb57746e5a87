namespace Porch.Forwarding;

/// <summary>
/// A proxied route: the upstream (scheme, host, port, optional base path) and how long to wait for its answer.
/// <c>http</c> and <c>https</c> upstreams get HTTP/1.1; <c>h2c</c> asks for HTTP/2 by prior knowledge over plain
/// TCP (RFC 9113 §3.3), for apps such as gRPC servers that speak nothing else.
/// </summary>
/// <param name="Upstream">The app: <c>http://127.0.0.1:8000</c>, <c>https://host/base</c>, <c>h2c://127.0.0.1:50051</c>.</param>
/// <param name="ResponseTimeout">
/// Longest silence before the upstream's response headers: measured from the last request byte sent, so a long
/// upload is not cut short while it makes progress. Expiry answers 504.
/// </param>
/// <param name="MaxConnections">
/// Ceiling on connections to the upstream; further requests wait for a free one. Upgraded connections (WebSockets)
/// hold theirs until they close, so the ceiling is high: it guards against a flood, not normal load.
/// </param>
internal sealed record ForwarderOptions(Uri Upstream, TimeSpan ResponseTimeout, int MaxConnections = ForwarderOptions.DefaultMaxConnections)
{
    public const int DefaultMaxConnections = 1024;

    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Below the 60-75 s keep-alive of most servers, so Porch drops an idle connection before the app does.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(50);

    /// <summary>
    /// Opens the byte stream to the upstream instead of a TCP socket: the relay hands each of its tunnels' forwarders a
    /// callback that opens a stream through the tunnel. Null: connect to <see cref="Upstream"/> as usual.
    /// </summary>
    public Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>>? Connect { get; init; }

    /// <summary>How long an idle connection to the upstream is kept for reuse.</summary>
    public TimeSpan IdleTimeout { get; init; } = DefaultIdleTimeout;

    /// <summary>How pages and logs name the upstream when its URL would mean nothing to a visitor (a tunnel's app); null: the URL.</summary>
    public string? DisplayName { get; init; }
}
