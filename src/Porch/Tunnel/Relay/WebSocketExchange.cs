using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The WebSocket form of a control request: the upgrade already answered 101, so a refusal after it (a bad hello, a
/// name taken) cannot be a status: it is the error line in place of the welcome, then the close frame. The client
/// reads both forms the same way.
/// </summary>
internal sealed class WebSocketExchange : TunnelExchange
{
    private readonly WebSocketTunnelStream stream;
    private readonly PipeReader reader;

    private WebSocketExchange(WebSocketTunnelStream stream)
    {
        this.stream = stream;
        reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
    }

    public override string Transport => WebSocket;

    public override PipeReader Input => reader;

    public override Stream Output => stream;

    public static async Task<WebSocketExchange> AcceptAsync(HttpContext context) => new(await WebSocketUpgrade.AcceptAsync(context));

    public override void Accept()
    {
    }

    public override async Task RefuseAsync(int statusCode, ErrorMessage error)
    {
        try
        {
            await TunnelMessageReader.WriteAsync(stream, error, CancellationToken.None);
            await stream.CompleteOutputAsync();
        }
        catch (IOException)
        {
            // The client already left.
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await reader.CompleteAsync();
        await stream.DisposeAsync();
    }
}
