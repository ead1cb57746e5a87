using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// The WebSocket-over-HTTP/1.1 transport between real <c>porch relay</c> and <c>porch share</c> processes: forced with
/// <c>--transport websocket</c> (curl through it, a WebSocket inside it, 10 MiB each way), and chosen by
/// <c>--transport auto</c> when a real nginx in front of the relay speaks only HTTP/1.1 to the client.
/// </summary>
public class WebSocketTransportInteropTests
{
    [SkippableFact]
    public async Task ForcedWebSocket_CurlRequest_ReachesNginxAndStatusShowsWebsocket()
    {
        await using var nginx = await NginxBackend.StartAsync();
        await using var relay = await TunnelRelay.StartAsync();
        using var share = TunnelShare.StartVia(
            $"https://localhost:{relay.Port}", relay.RootPem, nginx.Port, "blog", await relay.AddTokenAsync("alice"), "--transport", "websocket");
        await share.WaitOnlineAsync(relay, TimeSpan.FromSeconds(30));

        var (exit, output) = await TunnelClients.CurlAsync(relay, "blog", "/headers", "-i", "--http1.1");

        Assert.True(exit == 0, output);
        Assert.StartsWith("HTTP/1.1 200", output, StringComparison.Ordinal);
        Assert.Contains("xff=127.0.0.1\n", output, StringComparison.Ordinal);
        var (statusExit, status, statusError) = await relay.RunCliAsync("relay", "status");
        Assert.True(statusExit == 0, statusError);
        Assert.Contains("websocket", status, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ForcedWebSocket_AWebSocketThroughTheTunnel_EchoesBothKinds()
    {
        await using var app = await TunnelWebSocketApp.StartAsync();
        await using var relay = await TunnelRelay.StartAsync();
        using var share = TunnelShare.StartVia(
            $"https://localhost:{relay.Port}", relay.RootPem, app.Port, "chat", await relay.AddTokenAsync("alice"), "--transport", "websocket");
        await share.WaitOnlineAsync(relay, TimeSpan.FromSeconds(30));
        using var invoker = new HttpMessageInvoker(TunnelClients.Handler(relay));
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        await socket.ConnectAsync(new Uri($"wss://chat.localhost:{relay.Port}/echo"), invoker, timeout.Token);
        await socket.SendAsync("hello inside a websocket"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var binary = RandomNumberGenerator.GetBytes(200_000);
        await socket.SendAsync(binary, WebSocketMessageType.Binary, true, timeout.Token);

        var (textType, text) = await TunnelClients.ReceiveMessageAsync(socket, timeout.Token);
        var (binaryType, echoed) = await TunnelClients.ReceiveMessageAsync(socket, timeout.Token);
        Assert.Equal((WebSocketMessageType.Text, "hello inside a websocket"), (textType, Encoding.UTF8.GetString(text)));
        Assert.Equal(WebSocketMessageType.Binary, binaryType);
        Assert.Equal(SHA256.HashData(binary), SHA256.HashData(echoed));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    [SkippableFact]
    public async Task ForcedWebSocket_TenMibEachWay_HashesMatch()
    {
        var bulk = new TunnelBulkApp();
        await using var app = await bulk.StartAsync();
        await using var relay = await TunnelRelay.StartAsync();
        using var share = TunnelShare.StartVia(
            $"https://localhost:{relay.Port}", relay.RootPem, app.Port, "files", await relay.AddTokenAsync("alice"), "--transport", "websocket");
        await share.WaitOnlineAsync(relay, TimeSpan.FromSeconds(30));
        using var client = TunnelClients.Client(relay, HttpVersion.Version11, TimeSpan.FromSeconds(120));

        using (var download = await client.GetAsync(relay.TunnelUri("files") + "download?mib=10", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            await using var body = await download.Content.ReadAsStreamAsync();
            Assert.Equal(Convert.ToHexStringLower(bulk.ExpectedHash(10)), Convert.ToHexStringLower(await SHA256.HashDataAsync(body)));
        }

        using var upload = await client.PostAsync(relay.TunnelUri("files") + "upload", bulk.UploadContent(10));
        var hash = await upload.Content.ReadAsStringAsync();
        Assert.True(upload.StatusCode == HttpStatusCode.OK && hash == Convert.ToHexStringLower(bulk.ExpectedHash(10)), $"{upload}\n{hash}");
    }

    [SkippableFact]
    public async Task Auto_BehindAnHttp11OnlyProxy_FallsBackToWebSocketsAndServes()
    {
        await using var nginx = await NginxBackend.StartAsync();
        await using var relay = await TunnelRelay.StartAsync();
        await using var front = await WebSocketFront.StartAsync(relay.Port);
        using var share = TunnelShare.StartVia(front.Url, front.RootPem, nginx.Port, "behind", await relay.AddTokenAsync("alice"));

        await share.WaitOnlineAsync(relay, TimeSpan.FromSeconds(60));

        var lines = share.Process.Stderr.Lines();
        var online = Array.FindIndex(lines, l => l.StartsWith(TunnelShare.OnlinePrefix, StringComparison.Ordinal));
        var switched = Array.FindIndex(lines, l => l.Contains("switching to WebSockets over HTTP/1.1", StringComparison.Ordinal));
        Assert.True(switched >= 0 && switched < online, share.StderrText + "\n" + front.ErrorLog);
        var (exit, output) = await TunnelClients.CurlAsync(relay, "behind", "/headers", "-i", "--http2");
        Assert.True(exit == 0, output);
        Assert.StartsWith("HTTP/2 200", output, StringComparison.Ordinal);
        Assert.Contains($"host=behind.localhost:{relay.Port}\n", output, StringComparison.Ordinal);
        var (_, status, _) = await relay.RunCliAsync("relay", "status");
        Assert.Contains("websocket", status, StringComparison.Ordinal);
    }
}
