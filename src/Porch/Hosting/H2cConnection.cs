using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Porch.Hosting;

/// <summary>
/// A socket connection as the HTTP/2 endpoint sees it after the hand-over. Transport, addresses, id and the
/// transport's features are the real socket's; the features Kestrel adds for its own bookkeeping (heartbeat,
/// lifetime notification, metrics) land in a layer of their own so the two endpoints do not overwrite each other's.
/// Disposing it does not close the socket: it tells the listener's middleware that HTTP/2 is done, and the
/// middleware returns, so the listener's Kestrel closes the socket as for any connection.
/// </summary>
internal sealed class H2cConnection(ConnectionContext socket) : ConnectionContext
{
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FeatureCollection features = new(socket.Features);

    /// <summary>Completes when the HTTP/2 endpoint has finished with the connection.</summary>
    public Task Done => done.Task;

    public override IDuplexPipe Transport
    {
        get => socket.Transport;
        set => socket.Transport = value;
    }

    public override string ConnectionId
    {
        get => socket.ConnectionId;
        set => socket.ConnectionId = value;
    }

    public override IFeatureCollection Features => features;

    public override IDictionary<object, object?> Items
    {
        get => socket.Items;
        set => socket.Items = value;
    }

    public override EndPoint? LocalEndPoint
    {
        get => socket.LocalEndPoint;
        set => socket.LocalEndPoint = value;
    }

    public override EndPoint? RemoteEndPoint
    {
        get => socket.RemoteEndPoint;
        set => socket.RemoteEndPoint = value;
    }

    public override CancellationToken ConnectionClosed
    {
        get => socket.ConnectionClosed;
        set => socket.ConnectionClosed = value;
    }

    public override void Abort(ConnectionAbortedException abortReason) => socket.Abort(abortReason);

    /// <summary>
    /// Passes the listener's graceful-close request (shutdown, or the listener removed by a reload) to the HTTP/2
    /// endpoint's connection, which answers with GOAWAY and lets open streams finish (RFC 9113 §6.8).
    /// </summary>
    public void RequestClose()
    {
        var http2 = features.Get<IConnectionLifetimeNotificationFeature>();
        if (http2 is not null && !ReferenceEquals(http2, socket.Features.Get<IConnectionLifetimeNotificationFeature>()))
        {
            http2.RequestClose();
        }
    }

    public override ValueTask DisposeAsync()
    {
        done.TrySetResult();
        return base.DisposeAsync();
    }
}
