namespace Porch.Tunnel.Relay;

/// <summary>
/// The common part of the relay's tunnel streams: a non-seekable byte stream used only asynchronously (by
/// SocketsHttpHandler and the TCP pump), whose end is one asynchronous close, run once whichever way it is disposed.
/// </summary>
internal abstract class DuplexStream : Stream
{
    private int closed;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Whether the stream was closed.</summary>
    protected bool IsClosed => Volatile.Read(ref closed) != 0;

    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    public abstract override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref closed, 1) == 0)
        {
            await CloseAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>Ends the stream; called once.</summary>
    protected abstract ValueTask CloseAsync();

    /// <summary>
    /// SocketsHttpHandler disposes a connection's stream synchronously, from its pool's timer or from a cancellation
    /// callback when a visitor leaves. The close then goes on in the background instead of blocking that thread: it
    /// can wait for a read to end (<see cref="TunnelStream"/>), which needs another pool thread, and 50 visitors
    /// leaving at once blocked enough threads to stall the relay for seconds.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref closed, 1) == 0)
        {
            _ = CloseInBackgroundAsync();
        }

        base.Dispose(disposing);
    }

    private async Task CloseInBackgroundAsync()
    {
        try
        {
            await CloseAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Nobody is left to tell: the stream's users are gone, and the end of a broken stream is its end.
        }
    }
}
