using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Porch.Forwarding;

/// <summary>
/// One upstream's connection pool (a single <see cref="HttpMessageInvoker"/> over a tuned
/// <see cref="SocketsHttpHandler"/>, shared by every request to it) and the parts of its URL each request needs.
/// </summary>
internal sealed class UpstreamClient : IDisposable
{
    /// <summary>A local app that is up accepts within milliseconds; one that is not should fail fast.</summary>
    private static readonly TimeSpan MaxConnectTimeout = TimeSpan.FromSeconds(10);

    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };

    public UpstreamClient(ForwarderOptions options)
    {
        var upstream = options.Upstream;
        IsHttp2 = string.Equals(upstream.Scheme, "h2c", StringComparison.OrdinalIgnoreCase);
        Version = IsHttp2 ? HttpVersion.Version20 : HttpVersion.Version11;
        KeepsClientHost = !string.Equals(upstream.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);
        var basePath = upstream.AbsolutePath.TrimEnd('/');
        Prefix = $"{(IsHttp2 ? "http" : upstream.Scheme)}://{upstream.Authority}{basePath}";
        Display = options.DisplayName ?? $"{upstream.Scheme}://{upstream.Authority}{basePath}";
        Invoker = new HttpMessageInvoker(CreateHandler(options), disposeHandler: true);
    }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>Whether requests go as HTTP/2 by prior knowledge (an <c>h2c://</c> upstream), else HTTP/1.1.</summary>
    public bool IsHttp2 { get; }

    public Version Version { get; }

    /// <summary>
    /// Whether the client's Host goes upstream. For an app on http or h2c, yes: it builds links and checks virtual
    /// hosts against the name the client used. An https upstream is a site with its own name, and the handler takes
    /// the TLS server name (SNI) and certificate check from Host, so it gets its own authority, as nginx does; the
    /// client's name still travels in X-Forwarded-Host.
    /// </summary>
    public bool KeepsClientHost { get; }

    /// <summary>The upstream as users wrote it, for pages and logs: <c>http://127.0.0.1:8000</c>.</summary>
    public string Display { get; }

    /// <summary><c>scheme://authority/base</c> with no trailing slash, ready for a target that starts with '/'.</summary>
    private string Prefix { get; }

    /// <summary>
    /// The upstream URL for a request target. The target is taken as the client sent it: canonicalization is off,
    /// so percent-encoding, dot segments and query bytes reach the app exactly as they arrived.
    /// </summary>
    public bool TryTargetUri(string target, [NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(string.Concat(Prefix, target), in Verbatim, out uri);

    public void Dispose() => Invoker.Dispose();

    private static SocketsHttpHandler CreateHandler(ForwarderOptions options) => new()
    {
        ConnectCallback = options.Connect,
        // A reverse proxy talks to its upstream directly, passes redirects, cookies and encodings through untouched,
        // and adds no tracing headers of its own.
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ActivityHeadersPropagator = null,
        ConnectTimeout = options.ResponseTimeout < MaxConnectTimeout ? options.ResponseTimeout : MaxConnectTimeout,
        PooledConnectionIdleTimeout = options.IdleTimeout,
        MaxConnectionsPerServer = options.MaxConnections,
        // gRPC and other HTTP/2 upstreams may cap concurrent streams per connection; open more instead of queueing.
        EnableMultipleHttp2Connections = true,
    };
}
