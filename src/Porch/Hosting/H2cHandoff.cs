using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Porch.Hosting;

/// <summary>
/// HTTP/2 over cleartext by prior knowledge (RFC 9113 §3.3) on the same port as HTTP/1.1.
/// Without TLS there is no ALPN to choose a protocol with, so Kestrel serves cleartext HTTP/2 only on an endpoint that
/// speaks nothing else (one with HTTP/1.1 and HTTP/2 falls back to HTTP/1.1). Porch therefore splits by the first bytes:
/// <list type="number">
/// <item>Every listener speaks HTTP/1.1 and runs <see cref="H2cPrefaceMiddleware"/> (added through Kestrel's
/// endpoint defaults, so listeners added by a reload get it too).</item>
/// <item>A connection that opens with the HTTP/2 connection preface is queued, unread, on one in-process
/// HTTP/2-only Kestrel endpoint at <see cref="H2cEndPoint"/>. Kestrel binds each endpoint with the transport factory
/// that says it can (<see cref="IConnectionListenerFactorySelector"/>): this class for that address, sockets for
/// the others.</item>
/// <item>That endpoint serves the connection with the socket's transport, addresses and features, so the remote
/// address, the local port (routing) and the limits are those of the real connection.</item>
/// <item>The listener's middleware waits until HTTP/2 is done and passes graceful-close requests on, so shutdown and
/// a listener removed by a reload drain HTTP/2 connections as they drain HTTP/1.1 ones.</item>
/// </list>
/// </summary>
internal sealed partial class H2cHandoff(ILogger<H2cHandoff> logger) : IConnectionListenerFactory, IConnectionListenerFactorySelector
{
    private H2cListener? listener;

    /// <summary>Adds the preface middleware to a listener (not to the HTTP/2 endpoint itself).</summary>
    public void Use(ListenOptions listen)
    {
        if (listen.EndPoint is not H2cEndPoint)
        {
            listen.Use(next => new H2cPrefaceMiddleware(next, this, listen.KestrelServerOptions.Limits).OnConnectionAsync);
        }
    }

    /// <summary>Adds the HTTP/2-only endpoint the listeners hand over to.</summary>
    public static void Listen(KestrelServerOptions options) =>
        options.Listen(new H2cEndPoint(), listen => listen.Protocols = HttpProtocols.Http2);

    public bool CanBind(EndPoint endpoint) => endpoint is H2cEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var bound = new H2cListener(endpoint);
        Volatile.Write(ref listener, bound);
        return ValueTask.FromResult<IConnectionListener>(bound);
    }

    /// <summary>Serves an HTTP/2 connection on the HTTP/2 endpoint; completes when that endpoint is done with it.</summary>
    public async Task ServeAsync(ConnectionContext socket)
    {
        var connection = new H2cConnection(socket);
        if (Volatile.Read(ref listener) is not { } current || !current.TryEnqueue(connection))
        {
            LogNotAccepting(logger, socket.ConnectionId);
            return;
        }

        LogHandedOver(logger, socket.ConnectionId);
        using var closing = socket.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested
            .Register(static c => ((H2cConnection)c!).RequestClose(), connection);
        await connection.Done;
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Connection {ConnectionId} sent the HTTP/2 preface; served as HTTP/2")]
    private static partial void LogHandedOver(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Debug, Message = "Connection {ConnectionId} sent the HTTP/2 preface while the server is stopping; closed")]
    private static partial void LogNotAccepting(ILogger logger, string connectionId);
}
