using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Porch.Forwarding;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The server side of the WebSocket opening handshake (RFC 6455 §4.2) on the tunnel endpoints, for clients whose
/// way to the relay strips HTTP/2. Kestrel's upgrade feature hands over the connection; the relay then speaks the
/// WebSocket protocol itself, with keep-alive pings (RFC 6455 §5.5.2) that notice a vanished client as HTTP/2 PINGs do.
/// </summary>
internal static class WebSocketUpgrade
{
    /// <summary>The only version RFC 6455 §4.1 defines.</summary>
    private const string Version = "13";

    /// <summary>Whether the request is a WebSocket opening handshake Kestrel can upgrade (HTTP/1.1 GET, RFC 6455 §4.2.1).</summary>
    public static bool IsRequest(HttpContext context)
    {
        var request = context.Request;
        return HttpMethods.IsGet(request.Method)
            && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
            && request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
            && request.Headers.SecWebSocketVersion.ToString() == Version
            && request.Headers.SecWebSocketKey.ToString().Length > 0;
    }

    /// <summary>Answers 101 with the key's proof (RFC 6455 §4.2.2) and returns the WebSocket as a byte stream.</summary>
    public static async Task<WebSocketTunnelStream> AcceptAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status101SwitchingProtocols;
        response.Headers.Connection = "Upgrade";
        response.Headers.Upgrade = "websocket";
        response.Headers.SecWebSocketAccept = ProtocolUpgrade.AcceptFor(context.Request.Headers.SecWebSocketKey.ToString());
        var connection = await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();
        var socket = WebSocket.CreateFromStream(connection, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = TunnelProtocol.PingInterval,
            KeepAliveTimeout = TunnelProtocol.PingTimeout,
        });
        return new WebSocketTunnelStream(socket);
    }
}
