namespace Porch.Tunnel.Client;

/// <summary>
/// Makes each session's transport as <c>--transport</c> says. With auto, a session tries HTTP/2 first
/// (<see cref="FallbackTunnelTransport"/>); once one found the way to the relay without HTTP/2, this and every later
/// session use WebSockets, said once in a <c>porch share:</c> line.
/// </summary>
internal sealed class TunnelTransports(TunnelTransportMode mode, ShareReporter reporter)
{
    /// <summary>The names <c>--transport</c> takes, in the order the usage lists them.</summary>
    public static readonly IReadOnlyList<string> Names = ["auto", "h2", "websocket"];

    private int webSockets = mode == TunnelTransportMode.WebSocket ? 1 : 0;

    /// <summary>The mode a <c>--transport</c> name means (no option: auto), or null for a name it does not take.</summary>
    public static TunnelTransportMode? Parse(string? name) => name switch
    {
        null or "auto" => TunnelTransportMode.Auto,
        "h2" => TunnelTransportMode.Http2,
        "websocket" => TunnelTransportMode.WebSocket,
        _ => null,
    };

    public ITunnelTransport Create(ShareSettings settings)
    {
        if (mode == TunnelTransportMode.Http2)
        {
            return Http2(settings);
        }

        if (Volatile.Read(ref webSockets) == 1)
        {
            return WebSockets(settings);
        }

        return new FallbackTunnelTransport(Http2(settings), () => WebSockets(settings), reason =>
        {
            if (Interlocked.Exchange(ref webSockets, 1) == 0)
            {
                reporter.UsingWebSockets(reason);
            }
        });
    }

    private static Http2TunnelTransport Http2(ShareSettings settings) => new(settings.Relay, settings.TrustedRoots, ShareSettings.ConnectTimeout);

    private static WebSocketTunnelTransport WebSockets(ShareSettings settings) => new(settings.Relay, settings.TrustedRoots, ShareSettings.ConnectTimeout);
}
