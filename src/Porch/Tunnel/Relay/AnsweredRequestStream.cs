using Microsoft.AspNetCore.Http;

namespace Porch.Tunnel.Relay;

/// <summary>
/// An answered stream request as a <see cref="Stream"/>: reads are the client's request body, writes go out on the
/// response body at once. Disposing it ends the response and lets the endpoint return.
/// </summary>
internal sealed class AnsweredRequestStream(HttpContext context, Action closed) : DuplexStream, IWriteCompletable
{
    /// <summary>END_STREAM on the response; the request body (the client's direction) stays readable.</summary>
    public async ValueTask CompleteWritesAsync() => await context.Response.CompleteAsync();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        context.Request.Body.ReadAsync(buffer, cancellationToken);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // PipeWriter.WriteAsync flushes: the bytes leave now, paced by the client's HTTP/2 flow-control window.
        var result = await context.Response.BodyWriter.WriteAsync(buffer, cancellationToken);
        if (result.IsCanceled || result.IsCompleted)
        {
            throw new IOException("the tunnel stream was closed");
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => context.Response.BodyWriter.FlushAsync(cancellationToken).AsTask();

    protected override async ValueTask CloseAsync()
    {
        try
        {
            await context.Response.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The stream was reset or the connection died: nothing left to end.
        }

        closed();
    }
}
