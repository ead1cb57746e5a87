using System.Net;

namespace Porch.Tunnel.Client;

/// <summary>
/// A request body the caller writes while the response is already being read (HTTP/2 is full duplex, RFC 9113 §8.1):
/// <see cref="SerializeToStreamAsync(Stream, TransportContext?, CancellationToken)"/> hands out the request stream and
/// stays open until <see cref="Complete"/>, which ends the request (END_STREAM).
/// </summary>
internal sealed class DuplexContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The request body stream, once the handler has sent the request headers.</summary>
    public Task<Stream> Stream => stream.Task;

    /// <summary>Completes when the handler has the whole body (after <see cref="Complete"/>) and goes on to END_STREAM.</summary>
    public Task Finished => finished.Task;

    /// <summary>Ends the request body.</summary>
    public void Complete() => done.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // A parked request writes nothing for a long time: flush now so its HEADERS frame leaves at once instead of
        // waiting to share a packet with a first DATA frame.
        try
        {
            await stream.FlushAsync(cancellationToken);
            this.stream.TrySetResult(stream);
            await done.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            finished.TrySetResult();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        done.TrySetResult();
        finished.TrySetResult();
        stream.TrySetCanceled();
        base.Dispose(disposing);
    }
}
