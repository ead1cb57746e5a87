using System.IO.Pipelines;

namespace Porch.Tunnel.Client;

/// <summary>A WebSocket upgrade the relay refused: its status, and its body (the error line) to read; nothing to send.</summary>
internal sealed class RefusedTunnelChannel(HttpResponseMessage response, Stream body) : TunnelChannel
{
    private readonly PipeReader reader = PipeReader.Create(body);

    public override int Status => (int)response.StatusCode;

    public override PipeReader Input => reader;

    public override Stream Output => Stream.Null;

    public override ValueTask CompleteOutputAsync() => ValueTask.CompletedTask;

    public override async ValueTask DisposeAsync()
    {
        await reader.CompleteAsync();
        response.Dispose();
    }
}
