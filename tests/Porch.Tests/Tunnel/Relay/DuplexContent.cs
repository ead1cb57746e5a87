using System.Net;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>
/// A request body written while the response is read (HTTP/2 full duplex): <see cref="Stream"/> is the body as
/// it goes out; <see cref="Complete"/> ends it.
/// </summary>
internal sealed class DuplexContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<Stream> Stream => stream.Task;

    public void Complete() => done.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream target, TransportContext? context)
    {
        stream.TrySetResult(target);
        await done.Task;
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
