using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>
/// <c>--transport auto</c> for one session: the control request goes over HTTP/2; when the connection does not give
/// HTTP/2 (TLS ALPN chose http/1.1, or the server refused the handshake for want of a common protocol, RFC 7301 §3.2,
/// because something in between strips HTTP/2) or the request dies of an HTTP/2 protocol error, the session is made
/// again over WebSockets, and <paramref name="fellBack"/> hears why once that worked. Streams then follow the control.
/// <paramref name="http2Worked"/> hears when the control request got its answer over HTTP/2.
/// A TLS failure is only taken for a refused ALPN when the WebSocket attempt gets through; otherwise its own failure
/// (an untrusted certificate, say) is what the user sees.
/// </summary>
internal sealed class FallbackTunnelTransport(
    ITunnelTransport first, Func<ITunnelTransport> webSockets, Action<string> fellBack, Action http2Worked) : ITunnelTransport
{
    private readonly ITunnelTransport http2 = first;
    private ITunnelTransport current = first;

    public async Task<TunnelChannel> OpenControlAsync(string token, HelloMessage hello, CancellationToken cancellationToken)
    {
        try
        {
            var control = await current.OpenControlAsync(token, hello, cancellationToken);
            if (current == http2)
            {
                http2Worked();
            }

            return control;
        }
        catch (Exception e) when (WithoutHttp2(e) is { } reason && !cancellationToken.IsCancellationRequested)
        {
            await current.DisposeAsync();
            current = webSockets();
            var control = await current.OpenControlAsync(token, hello, cancellationToken);
            fellBack(reason);
            return control;
        }
    }

    public Task<TunnelChannel> OpenStreamAsync(string session, CancellationToken cancellationToken) => current.OpenStreamAsync(session, cancellationToken);

    public ValueTask DisposeAsync() => current.DisposeAsync();

    /// <summary>Why this failure means no HTTP/2 on the way to the relay, or null when it means something else.</summary>
    private static string? WithoutHttp2(Exception e) => e switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.VersionNegotiationError } =>
            "the connection to the relay came without HTTP/2",
        HttpProtocolException p => $"HTTP/2 error {p.ErrorCode} on the way to the relay",
        HttpRequestException { HttpRequestError: HttpRequestError.HttpProtocolError } =>
            "an HTTP/2 protocol error on the way to the relay",
        HttpRequestException { InnerException: System.Security.Authentication.AuthenticationException } =>
            "the TLS handshake for HTTP/2 failed",
        _ => null,
    };
}
