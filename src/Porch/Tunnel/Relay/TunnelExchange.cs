using System.IO.Pipelines;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// A control request the relay took, whatever carries it: an HTTP/2 request (<see cref="Http2Exchange"/>) or a
/// WebSocket (<see cref="WebSocketExchange"/>). <see cref="ControlEndpoint"/> reads the client's lines from
/// <see cref="Input"/> and writes its own to <see cref="Output"/> the same way over both.
/// </summary>
internal abstract class TunnelExchange : IAsyncDisposable
{
    /// <summary>HTTP/2 request.</summary>
    public const string Http2 = "h2";

    /// <summary>WebSocket over HTTP/1.1.</summary>
    public const string WebSocket = "websocket";

    /// <summary><see cref="Http2"/> or <see cref="WebSocket"/>, as the status shows it.</summary>
    public abstract string Transport { get; }

    /// <summary>The client's bytes.</summary>
    public abstract PipeReader Input { get; }

    /// <summary>The relay's bytes to the client, each write sent at once.</summary>
    public abstract Stream Output { get; }

    /// <summary>The request is accepted: what comes next on <see cref="Output"/> is the welcome.</summary>
    public abstract void Accept();

    /// <summary>Refuses with a status and one error line the client prints as is; the exchange is over.</summary>
    public abstract Task RefuseAsync(int statusCode, ErrorMessage error);

    public abstract ValueTask DisposeAsync();
}
