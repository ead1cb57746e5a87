using System.Net.WebSockets;
using Porch.Tunnel.Relay;

namespace Porch.Tunnel;

/// <summary>
/// A tunnel channel carried by one WebSocket (RFC 6455), the fallback transport for networks that strip HTTP/2: the
/// message lines and the raw bytes after them go in binary messages whose boundaries mean nothing, so both ends see
/// a plain byte stream, as over HTTP/2. The WebSocket's failures surface as <see cref="IOException"/>, as a socket's
/// would, and its closing handshake (RFC 6455 §7.1) is the stream's end: a close frame received reads as end of
/// stream, <see cref="CompleteOutputAsync"/> sends one while reading goes on (a half-close).
/// </summary>
internal sealed class WebSocketTunnelStream : DuplexStream, IWriteCompletable
{
    /// <summary>How long closing waits for the peer's close frame before the connection is dropped.</summary>
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Bytes per read that goes through the buffer (a cancellable one): the most one read returns.</summary>
    public const int ReadSize = 16 * 1024;

    private readonly WebSocket socket;
    private readonly WebSocketStream inner;
    private readonly TaskCompletionSource closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<int>? pending;
    private byte[]? pendingBuffer;
    private int pendingOffset;

    public WebSocketTunnelStream(WebSocket socket)
    {
        this.socket = socket;
        inner = WebSocketStream.Create(socket, WebSocketMessageType.Binary, CloseTimeout);
    }

    /// <summary>Completes when the stream was disposed.</summary>
    public Task Closed => closed.Task;

    /// <summary>
    /// Starts reading before anyone asks, so a peer that leaves is noticed while nothing else reads (and the
    /// keep-alive pongs, RFC 6455 §5.5.3, are taken in). The next <see cref="ReadAsync"/> gets what it read.
    /// Completes when that read does: with 0 when the peer closed or the connection failed.
    /// </summary>
    public Task<int> StartReadAhead()
    {
        var read = Pending();
        return read.ContinueWith(t => t.Exception is null && t.IsCompletedSuccessfully ? t.Result : 0, TaskScheduler.Default);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (pending is null && !cancellationToken.CanBeCanceled)
        {
            return await ReadInnerAsync(buffer);
        }

        // Cancelling a WebSocket read aborts the WebSocket, and a reader that stops waiting (a timeout, a pipe's
        // cancelled read) must not end the connection: the read runs uncancelled, and whoever reads next gets it.
        var count = await Pending().WaitAsync(cancellationToken);
        var taken = Math.Min(count - pendingOffset, buffer.Length);
        pendingBuffer.AsMemory(pendingOffset, taken).CopyTo(buffer);
        pendingOffset += taken;
        if (pendingOffset >= count)
        {
            pending = null;
            pendingOffset = 0;
        }

        return taken;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            throw new IOException($"the WebSocket is {socket.State}; nothing more can be sent on it");
        }

        try
        {
            await inner.WriteAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or NotSupportedException)
        {
            throw new IOException($"the WebSocket failed ({e.Message})", e);
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Sends the close frame: the peer reads the end of the stream, and this side can still read.</summary>
    public async ValueTask CompleteOutputAsync(CancellationToken cancellationToken = default)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException)
        {
            throw new IOException($"the WebSocket failed ({e.Message})", e);
        }
    }

    /// <summary>The relay ends its direction only (a public TCP client's FIN): the close frame is that half-close.</summary>
    public ValueTask CompleteWritesAsync() => CompleteOutputAsync();

    /// <summary>Breaks the connection at once: pending reads and writes fail.</summary>
    public void Abort() => socket.Abort();

    protected override async ValueTask CloseAsync()
    {
        try
        {
            // The closing handshake, bounded by CloseTimeout; then the connection is released.
            await inner.DisposeAsync();
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }

        closed.TrySetResult();
    }

    private Task<int> Pending()
    {
        pendingBuffer ??= new byte[ReadSize];
        return pending ??= ReadInnerAsync(pendingBuffer).AsTask();
    }

    private async ValueTask<int> ReadInnerAsync(Memory<byte> buffer)
    {
        // WebSocketStream refuses reads once the peer's close frame arrived: for a byte stream that is its end.
        if (socket.State is WebSocketState.CloseReceived or WebSocketState.Closed)
        {
            return 0;
        }

        try
        {
            return await inner.ReadAsync(buffer, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or NotSupportedException)
        {
            throw new IOException($"the WebSocket failed ({e.Message})", e);
        }
    }
}
