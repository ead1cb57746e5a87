using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Forwarding;

public class ForwarderProtocolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Needs HTTP/2 by prior knowledge (h2c) on Porch's plain-HTTP listener.</summary>
    [Fact]
    public async Task Http2Client_Request_IsForwardedAsHttp11WithItsAuthorityAsHost()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient(HttpVersion.Version20);

        using var response = await client.GetAsync("/h2?x=1");
        var echo = await EchoedRequest.ReadAsync(response);

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("HTTP/1.1", echo.Protocol);
        Assert.Equal("/h2?x=1", echo.Target);
        Assert.Equal($"127.0.0.1:{host.Port}", echo.Header("Host"));
        Assert.Equal($"for=127.0.0.1;proto=http;host=\"127.0.0.1:{host.Port}\"", echo.Header("Forwarded"));
    }

    [Fact]
    public async Task H2cUpstream_Request_IsForwardedAsHttp2()
    {
        await using var backend = await Backend.StartEchoAsync(HttpProtocols.Http2);
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream("h2c") });
        using var client = host.CreateClient();

        var echo = await EchoedRequest.ReadAsync(await client.PostAsync("/grpc-ish", new ByteArrayContent(new byte[3000])));

        Assert.Equal("HTTP/2", echo.Protocol);
        Assert.Equal(3000, echo.BodyLength);
        Assert.Equal($"127.0.0.1:{host.Port}", echo.Header("Host"));
    }

    /// <summary>Needs HTTP/2 by prior knowledge (h2c) on Porch's plain-HTTP listener.</summary>
    [Fact]
    public async Task Http2ClientToH2cUpstream_ResponseTrailers_ArePassedOn()
    {
        await using var backend = await Backend.StartAsync(async context =>
        {
            await context.Response.WriteAsync("payload");
            context.Response.AppendTrailer("grpc-status", "0");
            context.Response.AppendTrailer("grpc-message", "fine");
        }, HttpProtocols.Http2);
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream("h2c") });
        using var client = host.CreateClient(HttpVersion.Version20);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/svc.Echo/Say")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent([1, 2, 3]),
        };
        request.Headers.TE.ParseAdd("trailers");

        using var response = await client.SendAsync(request);

        Assert.Equal("payload", await response.Content.ReadAsStringAsync());
        Assert.Equal("0", Assert.Single(response.TrailingHeaders.GetValues("grpc-status")));
        Assert.Equal("fine", Assert.Single(response.TrailingHeaders.GetValues("grpc-message")));
    }

    [Fact]
    public async Task ServerSentEvents_EachEvent_ReachesTheClientBeforeTheNextIsWritten()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await Backend.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: one\n\n");
            await context.Response.Body.FlushAsync();
            // The second event waits for the client to have the first: a buffering proxy never gets there.
            await firstSeen.Task.WaitAsync(Patience);
            await context.Response.WriteAsync("data: two\n\n");
        });
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync().WaitAsync(Patience);
        firstSeen.SetResult();
        await reader.ReadLineAsync();
        var second = await reader.ReadLineAsync().WaitAsync(Patience);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("data: one", first);
        Assert.Equal("data: two", second);
    }

    [Fact]
    public async Task WebSocket_Http11_EchoesBothWaysWithSubprotocol()
    {
        await using var backend = await StartWebSocketEchoAsync(HttpProtocols.Http1);
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("echo.v1");

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Port}/ws"), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal("echo.v1", socket.SubProtocol);
        await AssertEchoesAsync(socket);
    }

    [Fact]
    public async Task WebSocket_ToH2cUpstream_IsCarriedAsExtendedConnect()
    {
        await using var backend = await StartWebSocketEchoAsync(HttpProtocols.Http2);
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream("h2c") });
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("echo.v1");

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Port}/ws"), CancellationToken.None).WaitAsync(Patience);

        Assert.Equal("echo.v1", socket.SubProtocol);
        await AssertEchoesAsync(socket);
    }

    /// <summary>Needs HTTP/2 by prior knowledge (h2c) on Porch's plain-HTTP listener.</summary>
    [Fact]
    public async Task WebSocket_Http2Client_IsCarriedToAnHttp11App()
    {
        await using var backend = await StartWebSocketEchoAsync(HttpProtocols.Http1);
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{host.Port}/ws"), invoker, CancellationToken.None).WaitAsync(Patience);

        await AssertEchoesAsync(socket);
    }

    [Fact]
    public async Task WebSocket_AppRefusesTheUpgrade_ClientGetsTheRefusal()
    {
        await using var backend = await Backend.StartAsync(context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        });
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });

        var response = await RawHttpConnection.ExchangeAsync(host.Port,
            "GET /ws HTTP/1.1\r\nHost: app.test\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
            "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

        Assert.Equal(StatusCodes.Status403Forbidden, response.Status);
        Assert.False(response.Headers.ContainsKey("Upgrade"));
    }

    private static Task<Backend> StartWebSocketEchoAsync(HttpProtocols protocols) => Backend.StartAsync(async context =>
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var subprotocol = context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault();
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subprotocol);
        var buffer = new byte[256 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, CancellationToken.None);
        }
    }, protocols, app => app.UseWebSockets());

    private static async Task AssertEchoesAsync(ClientWebSocket socket)
    {
        var big = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello through porch"), WebSocketMessageType.Text, true, CancellationToken.None);
        Assert.Equal("hello through porch", Encoding.UTF8.GetString(await ReceiveMessageAsync(socket)));
        await socket.SendAsync(big, WebSocketMessageType.Binary, true, CancellationToken.None);
        Assert.Equal(big, await ReceiveMessageAsync(socket));

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(Patience);

        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal("bye", socket.CloseStatusDescription);
    }

    private static async Task<byte[]> ReceiveMessageAsync(ClientWebSocket socket)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(Patience);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return message.ToArray();
    }
}
