using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>An app with a page whose script talks to a WebSocket echo at <c>/echo</c> (text and binary messages sent back as they came).</summary>
internal static class TunnelWebSocketApp
{
    public const string Page = """
        <!doctype html>
        <html><head><title>Through the tunnel</title></head>
        <body><h1 id="status">loading</h1><pre id="echo"></pre><script src="/app.js"></script></body></html>
        """;

    /// <summary>Sends one text and one binary message, shows both echoes, then says "done".</summary>
    public const string Script = """
        document.getElementById('status').textContent = 'script ran';
        const ws = new WebSocket(`wss://${location.host}/echo`);
        ws.binaryType = 'arraybuffer';
        const got = [];
        ws.onopen = () => { ws.send('hello tunnel'); ws.send(new Uint8Array([0, 1, 2, 253, 254, 255])); };
        ws.onmessage = e => {
          got.push(typeof e.data === 'string' ? 'text:' + e.data : 'binary:' + Array.from(new Uint8Array(e.data)).join(','));
          if (got.length === 2) { document.getElementById('echo').textContent = got.join('|'); ws.close(); document.getElementById('status').textContent = 'done'; }
        };
        ws.onerror = () => { document.getElementById('status').textContent = 'websocket error'; };
        """;

    public static Task<TunnelApp> StartAsync() => TunnelApp.StartAsync(web =>
    {
        web.MapGet("/", () => Results.Content(Page, "text/html"));
        web.MapGet("/app.js", () => Results.Content(Script, "application/javascript"));
        web.Map("/echo", EchoAsync);
    });

    private static async Task EchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage)
            {
                await socket.SendAsync(message.ToArray(), received.MessageType, endOfMessage: true, context.RequestAborted);
                message.SetLength(0);
            }
        }
    }
}
