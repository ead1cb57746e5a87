namespace Porch.Tunnel.Client;

/// <summary>
/// Makes each session's transport as <c>--transport</c> says. With auto, a session tries HTTP/2 first
/// (<see cref="FallbackTunnelTransport"/>); once one found the way to the relay without HTTP/2, later sessions go
/// straight to WebSockets, said once in a <c>porch share:</c> line. Not for good: a session that starts
/// <see cref="Http2RetryAfter"/> or more after that tries HTTP/2 again, so one bad moment (a relay restarting behind a
/// proxy, a captive portal) does not leave a client on the slower transport until it restarts. When HTTP/2 works again,
/// a line says so.
/// </summary>
internal sealed class TunnelTransports(
    TunnelTransportMode mode,
    ShareReporter reporter,
    TimeProvider time,
    Func<ShareSettings, ITunnelTransport> http2,
    Func<ShareSettings, ITunnelTransport> webSockets)
{
    /// <summary>How long after falling back to WebSockets the next session tries HTTP/2 first again.</summary>
    public static readonly TimeSpan Http2RetryAfter = TimeSpan.FromMinutes(10);

    /// <summary>The names <c>--transport</c> takes, in the order the usage lists them.</summary>
    public static readonly IReadOnlyList<string> Names = ["auto", "h2", "websocket"];

    private readonly Lock gate = new();

    /// <summary>When auto last fell back to WebSockets (a <see cref="TimeProvider"/> timestamp); null: on HTTP/2.</summary>
    private long? onWebSocketsSince;

    public TunnelTransports(TunnelTransportMode mode, ShareReporter reporter)
        : this(mode, reporter, TimeProvider.System, Http2, WebSockets)
    {
    }

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
        switch (mode)
        {
            case TunnelTransportMode.Http2:
                return http2(settings);
            case TunnelTransportMode.WebSocket:
                return webSockets(settings);
        }

        lock (gate)
        {
            if (onWebSocketsSince is { } since && time.GetElapsedTime(since) < Http2RetryAfter)
            {
                return webSockets(settings);
            }
        }

        return new FallbackTunnelTransport(http2(settings), () => webSockets(settings), FellBack, Http2Worked);
    }

    /// <summary>Said the first time only: a retry that fails again just restarts the wait.</summary>
    private void FellBack(string reason)
    {
        bool first;
        lock (gate)
        {
            first = onWebSocketsSince is null;
            onWebSocketsSince = time.GetTimestamp();
        }

        if (first)
        {
            reporter.UsingWebSockets(reason, Http2RetryAfter);
        }
    }

    private void Http2Worked()
    {
        bool wasOnWebSockets;
        lock (gate)
        {
            wasOnWebSockets = onWebSocketsSince is not null;
            onWebSocketsSince = null;
        }

        if (wasOnWebSockets)
        {
            reporter.BackOnHttp2();
        }
    }

    private static Http2TunnelTransport Http2(ShareSettings settings) => new(settings.Relay, settings.TrustedRoots, ShareSettings.ConnectTimeout);

    private static WebSocketTunnelTransport WebSockets(ShareSettings settings) => new(settings.Relay, settings.TrustedRoots, ShareSettings.ConnectTimeout);
}
