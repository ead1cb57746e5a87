using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>
/// The way to the relay: one connection that carries the control channel and the data channels. HTTP/2 is the
/// transport (<see cref="Http2TunnelTransport"/>); a WebSocket-over-HTTP/1.1 fallback for networks that strip HTTP/2
/// is a second implementation of the same two calls. One instance is one connection: a new session makes a new one.
/// </summary>
internal interface ITunnelTransport : IAsyncDisposable
{
    /// <summary>
    /// Sends the control request with <paramref name="token"/> and <paramref name="hello"/>, and returns once the relay
    /// has answered, whatever the status (200 and a welcome line, or an error status and an error line).
    /// </summary>
    Task<TunnelChannel> OpenControlAsync(string token, HelloMessage hello, CancellationToken cancellationToken);

    /// <summary>
    /// Parks one stream request for <paramref name="session"/> and returns when the relay answers it: 200 and an open
    /// line (a public connection), 204 (park again), or another status (the relay no longer takes streams of it).
    /// </summary>
    Task<TunnelChannel> OpenStreamAsync(string session, CancellationToken cancellationToken);
}
