using Microsoft.AspNetCore.Http;

namespace Porch.Tunnel.Relay;

/// <summary>
/// An answered stream request as a <see cref="Stream"/>: reads are the client's request body, writes go out on the
/// response body at once. Disposing it ends the response and lets the endpoint return.
/// </summary>
internal sealed class AnsweredRequestStream(HttpContext context, TaskCompletionSource finished) : Stream
{
    private int disposed;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        context.Request.Body.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        context.Request.Body.ReadAsync(buffer, offset, count, cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // PipeWriter.WriteAsync flushes: the bytes leave now, paced by the client's HTTP/2 flow-control window.
        var result = await context.Response.BodyWriter.WriteAsync(buffer, cancellationToken);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new IOException("the tunnel stream was closed");
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken) => context.Response.BodyWriter.FlushAsync(cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }

    private async ValueTask CloseAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await context.Response.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The stream was reset or the connection died: nothing left to end.
        }

        finished.TrySetResult();
    }
}
