using System.IO.Pipelines;

namespace Porch.Tunnel.Client;

/// <summary>A <see cref="TunnelChannel"/> that is one HTTP/2 stream: the request body out, the response body in.</summary>
internal sealed class Http2TunnelChannel(HttpResponseMessage response, DuplexContent content, Stream output, Stream input) : TunnelChannel
{
    /// <summary>
    /// Read in pieces of up to this size: the relay's bytes wait in HTTP/2's flow-control window, not here. 64 KiB, so
    /// that when the app falls behind the frames waiting for it reach it in one write instead of one per 16 KiB frame.
    /// </summary>
    private const int ReadSize = 64 * 1024;

    private readonly PipeReader reader = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: ReadSize, minimumReadSize: 1024));

    public override int Status => (int)response.StatusCode;

    public override PipeReader Input => reader;

    public override Stream Output => output;

    public override ValueTask CompleteOutputAsync()
    {
        content.Complete();
        return ValueTask.CompletedTask;
    }

    /// <summary>How long a finished stream waits for the handler to take the end of its body before being reset.</summary>
    private static readonly TimeSpan EndGrace = TimeSpan.FromSeconds(1);

    public override async ValueTask DisposeAsync()
    {
        content.Complete();
        // Let END_STREAM leave before the response is disposed: a reset racing it could make the relay drop the
        // last bytes it has not read yet.
        await content.Finished.WaitAsync(EndGrace).ContinueWith(_ => { }, TaskScheduler.Default);
        await reader.CompleteAsync();
        // Disposing a response whose body was not read to the end resets the stream (RST_STREAM), which is what an
        // abandoned stream needs.
        response.Dispose();
        content.Dispose();
    }
}
