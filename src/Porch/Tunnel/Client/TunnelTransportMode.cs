namespace Porch.Tunnel.Client;

/// <summary><c>porch share --transport</c>: how to reach the relay.</summary>
internal enum TunnelTransportMode
{
    /// <summary>HTTP/2, and WebSockets from the first sign that the way to the relay does not carry HTTP/2.</summary>
    Auto,

    /// <summary>HTTP/2 only (<see cref="Http2TunnelTransport"/>).</summary>
    Http2,

    /// <summary>WebSockets over HTTP/1.1 only (<see cref="WebSocketTunnelTransport"/>).</summary>
    WebSocket,
}
