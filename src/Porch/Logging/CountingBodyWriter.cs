using System.IO.Pipelines;

namespace Porch.Logging;

/// <summary>The response body pipe as the application sees it: forwards to the server's, counting committed bytes.</summary>
internal sealed class CountingBodyWriter(CountingResponseBody owner) : PipeWriter
{
    public override bool CanGetUnflushedBytes => Inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => Inner.UnflushedBytes;

    private PipeWriter Inner => owner.Inner.Writer;

    public override void Advance(int bytes)
    {
        owner.Count(bytes);
        Inner.Advance(bytes);
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => Inner.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => Inner.GetSpan(sizeHint);

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        Inner.FlushAsync(cancellationToken);

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        owner.Count(source.Length);
        return Inner.WriteAsync(source, cancellationToken);
    }

    public override void CancelPendingFlush() => Inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => Inner.Complete(exception);

    public override ValueTask CompleteAsync(Exception? exception = null) => Inner.CompleteAsync(exception);
}
