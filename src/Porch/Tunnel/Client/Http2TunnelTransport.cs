using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>
/// The tunnel over ONE HTTP/2 connection to the relay (TLS with ALPN h2 for https://, prior knowledge for http://,
/// RFC 9113 §3.3): the control request and every parked stream request are streams of it, so HTTP/2 multiplexes and
/// flow-controls them. Keep-alive PINGs (RFC 9113 §6.7) notice a silent network loss.
/// </summary>
internal sealed class Http2TunnelTransport : ITunnelTransport
{
    private readonly Uri relay;
    private readonly HttpMessageInvoker invoker;

    /// <param name="relay">The relay's base URL (https:// or http://).</param>
    /// <param name="trustedRoots">Roots trusted for the relay's certificate besides the system's (<c>--ca</c>).</param>
    /// <param name="connectTimeout">How long a TCP and TLS connect may take.</param>
    public Http2TunnelTransport(Uri relay, X509Certificate2Collection? trustedRoots, TimeSpan connectTimeout)
    {
        this.relay = relay;
        // HttpMessageInvoker, not HttpClient: a parked request waits for its answer for as long as the tunnel lives,
        // and HttpClient's overall timeout would cut it off.
        invoker = new HttpMessageInvoker(CreateHandler(trustedRoots, connectTimeout), disposeHandler: true);
    }

    /// <summary>The handler for the tunnel's one HTTP/2 connection (also what bench/floor measures the transport with).</summary>
    internal static SocketsHttpHandler CreateHandler(X509Certificate2Collection? trustedRoots, TimeSpan connectTimeout)
    {
        var handler = RelayHandler.Create(connectTimeout, trustedRoots);
        // One connection for the whole tunnel: more streams than the relay allows wait for a free one instead of
        // opening a second connection the relay would not tie to this session.
        handler.EnableMultipleHttp2Connections = false;
        handler.KeepAlivePingDelay = TunnelProtocol.PingInterval;
        handler.KeepAlivePingTimeout = TunnelProtocol.PingTimeout;
        handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always;
        // The default 64 KiB start lets the relay send only 64 KiB per round trip until the window grows; the
        // same window as the relay's per stream instead (see TunnelProtocol.StreamWindow for the memory bound).
        handler.InitialHttp2StreamWindowSize = TunnelProtocol.StreamWindow;
        handler.PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan;
        return handler;
    }

    public async Task<TunnelChannel> OpenControlAsync(string token, HelloMessage hello, CancellationToken cancellationToken)
    {
        var request = NewRequest(TunnelProtocol.ControlPath, out var content);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sending = invoker.SendAsync(request, cancellationToken);

        // The relay answers only after reading the hello: write it as soon as the request body is open.
        var first = await Task.WhenAny(sending, content.Stream);
        if (first == content.Stream)
        {
            await TunnelMessageReader.WriteAsync(await content.Stream, hello, cancellationToken);
        }

        return await ChannelAsync(await sending, content, cancellationToken);
    }

    public async Task<TunnelChannel> OpenStreamAsync(string session, CancellationToken cancellationToken)
    {
        var request = NewRequest(TunnelProtocol.StreamPath, out var content);
        request.Headers.TryAddWithoutValidation(TunnelProtocol.SessionHeader, session);
        var response = await invoker.SendAsync(request, cancellationToken);
        return await ChannelAsync(response, content, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        invoker.Dispose();
        return ValueTask.CompletedTask;
    }

    private HttpRequestMessage NewRequest(string path, out DuplexContent content)
    {
        content = new DuplexContent();
        return new HttpRequestMessage(HttpMethod.Post, new Uri(relay, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
    }

    private static async Task<TunnelChannel> ChannelAsync(HttpResponseMessage response, DuplexContent content, CancellationToken cancellationToken)
    {
        try
        {
            var input = await response.Content.ReadAsStreamAsync(cancellationToken);
            // An answered stream's body is open (the handler sends it beside the response); a refusal may come before
            // the handler asked for the body, and then nothing is written to it.
            var output = response.StatusCode == HttpStatusCode.OK
                ? await content.Stream.WaitAsync(cancellationToken)
                : content.Stream.IsCompletedSuccessfully ? content.Stream.Result : Stream.Null;
            return new Http2TunnelChannel(response, content, output, input);
        }
        catch
        {
            response.Dispose();
            content.Dispose();
            throw;
        }
    }
}
