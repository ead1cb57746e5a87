using System.IO.Pipelines;
using System.Net;

namespace Porch.Tunnel.Client;

/// <summary>
/// A <see cref="TunnelChannel"/> that is one WebSocket. A parked one has no status until the relay acts on it: its
/// first bytes (the open line) are the 200, a close frame before any byte is the 204 (dismissed: park again).
/// </summary>
internal sealed class WebSocketTunnelChannel(WebSocketTunnelStream stream, HttpResponseMessage response) : TunnelChannel
{
    // Reads as big as the stream gives (the default 4 KiB cut each into four writes to the app).
    private readonly PipeReader reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: WebSocketTunnelStream.ReadSize, leaveOpen: true));
    private int status = (int)HttpStatusCode.OK;

    public override int Status => status;

    public override PipeReader Input => reader;

    public override Stream Output => stream;

    /// <summary>Waits until the relay answers this parked WebSocket: with bytes (200) or by closing it (204).</summary>
    public async Task WaitForAnswerAsync(CancellationToken cancellationToken)
    {
        var result = await reader.ReadAsync(cancellationToken);
        reader.AdvanceTo(result.Buffer.Start);
        if (result.IsCompleted && result.Buffer.IsEmpty)
        {
            status = (int)HttpStatusCode.NoContent;
        }
    }

    public override ValueTask CompleteOutputAsync() => stream.CompleteOutputAsync();

    public override async ValueTask DisposeAsync()
    {
        await reader.CompleteAsync();
        await stream.DisposeAsync();
        response.Dispose();
    }
}
