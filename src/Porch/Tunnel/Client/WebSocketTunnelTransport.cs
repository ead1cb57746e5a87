using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Porch.Forwarding;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>
/// The tunnel over WebSockets (RFC 6455) on HTTP/1.1, for a way to the relay that strips HTTP/2: each channel is its
/// own TCP+TLS connection upgraded to a WebSocket (HTTP/1.1 has no multiplexing), carrying the same lines and bytes
/// as an HTTP/2 stream. The opening handshake goes through <see cref="HttpMessageInvoker"/> rather than
/// ClientWebSocket so that a refusal (a status other than 101) keeps its body: the relay's error line.
/// </summary>
internal sealed class WebSocketTunnelTransport : ITunnelTransport
{
    private readonly Uri relay;
    private readonly HttpMessageInvoker invoker;

    /// <param name="relay">The relay's base URL (https:// or http://).</param>
    /// <param name="trustedRoots">Roots trusted for the relay's certificate besides the system's (<c>--ca</c>).</param>
    /// <param name="connectTimeout">How long a TCP and TLS connect may take.</param>
    public WebSocketTunnelTransport(Uri relay, X509Certificate2Collection? trustedRoots, TimeSpan connectTimeout)
    {
        this.relay = relay;
        var handler = RelayHandler.Create(connectTimeout, trustedRoots);
        invoker = new HttpMessageInvoker(handler, disposeHandler: true);
    }

    public async Task<TunnelChannel> OpenControlAsync(string token, HelloMessage hello, CancellationToken cancellationToken)
    {
        var channel = await UpgradeAsync(TunnelProtocol.ControlPath, r => r.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token), cancellationToken);
        if (channel is WebSocketTunnelChannel)
        {
            try
            {
                await TunnelMessageReader.WriteAsync(channel.Output, hello, cancellationToken);
            }
            catch
            {
                await channel.DisposeAsync();
                throw;
            }
        }

        return channel;
    }

    public async Task<TunnelChannel> OpenStreamAsync(string session, CancellationToken cancellationToken)
    {
        var channel = await UpgradeAsync(TunnelProtocol.StreamPath, r => r.Headers.TryAddWithoutValidation(TunnelProtocol.SessionHeader, session), cancellationToken);
        if (channel is WebSocketTunnelChannel parked)
        {
            try
            {
                await parked.WaitForAnswerAsync(cancellationToken);
            }
            catch
            {
                await channel.DisposeAsync();
                throw;
            }
        }

        return channel;
    }

    public ValueTask DisposeAsync()
    {
        invoker.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The opening handshake (RFC 6455 §4.1): a WebSocket channel on 101, else the relay's refusal as is.</summary>
    private async Task<TunnelChannel> UpgradeAsync(string path, Action<HttpRequestMessage> prepare, CancellationToken cancellationToken)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(relay, path))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", key);
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        prepare(request);
        var response = await invoker.SendAsync(request, cancellationToken);
        try
        {
            if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
            {
                return new RefusedTunnelChannel(response, await response.Content.ReadAsStreamAsync(cancellationToken));
            }

            if (!response.Headers.TryGetValues("Sec-WebSocket-Accept", out var accept) || accept.FirstOrDefault() != ProtocolUpgrade.AcceptFor(key))
            {
                throw new HttpRequestException(HttpRequestError.InvalidResponse,
                    "the answer to the WebSocket upgrade lacks the right Sec-WebSocket-Accept; something on the way to the relay does not pass WebSockets");
            }

            var connection = await response.Content.ReadAsStreamAsync(cancellationToken);
            var socket = WebSocket.CreateFromStream(connection, new WebSocketCreationOptions
            {
                IsServer = false,
                KeepAliveInterval = TunnelProtocol.PingInterval,
                KeepAliveTimeout = TunnelProtocol.PingTimeout,
            });
            return new WebSocketTunnelChannel(new WebSocketTunnelStream(socket), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
