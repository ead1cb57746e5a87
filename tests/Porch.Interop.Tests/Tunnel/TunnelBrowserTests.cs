using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>A browser and a WebSocket client on the public side of a tunnel.</summary>
public class TunnelBrowserTests
{
    [SkippableFact]
    public async Task Chromium_LoadsThePageRunsItsScriptAndEchoesOverAWebSocket()
    {
        await using var app = await TunnelWebSocketApp.StartAsync();
        await using var relay = await TunnelRelay.StartAsync();
        var token = await relay.AddTokenAsync("alice");
        var (share, url) = await TunnelShare.StartOnlineAsync(relay, app.Port, "demo", token);
        using var _ = share;

        // Chromium trusts the relay's certificate by its key (the flag works with Playwright's own profile folder);
        // every *.localhost name goes to 127.0.0.1, where the relay listens.
        var spki = await LeafSpkiHashAsync(relay, "demo.localhost");
        var (playwright, browser) = await Chromium.LaunchAsync(
            "--host-resolver-rules=MAP *.localhost 127.0.0.1", "--ignore-certificate-errors-spki-list=" + spki);
        try
        {
            var page = await browser.NewPageAsync();
            var response = await page.GotoAsync(url + "/");

            Assert.Equal(200, response!.Status);
            Assert.Equal("Through the tunnel", await page.TitleAsync());
            await page.WaitForFunctionAsync("document.getElementById('status').textContent !== 'loading' && document.getElementById('status').textContent !== 'script ran'",
                null, new() { Timeout = 20_000 });
            Assert.Equal("done", await page.TextContentAsync("#status"));
            Assert.Equal("text:hello tunnel|binary:0,1,2,253,254,255", await page.TextContentAsync("#echo"));
            await relay.Process.Stdout.WaitForLineAsync(l => l.Contains("GET /app.js ", StringComparison.Ordinal) && l.Contains("\" 200 ", StringComparison.Ordinal));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [SkippableFact]
    public async Task ClientWebSocket_EchoesTextAndBinaryThroughTheTunnel()
    {
        await using var app = await TunnelWebSocketApp.StartAsync();
        await using var relay = await TunnelRelay.StartAsync();
        var token = await relay.AddTokenAsync("alice");
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, app.Port, "ws", token);
        using var __ = share;
        using var invoker = new HttpMessageInvoker(TunnelClients.Handler(relay));
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await socket.ConnectAsync(new Uri($"wss://ws.localhost:{relay.Port}/echo"), invoker, timeout.Token);
        var binary = RandomNumberGenerator.GetBytes(1024 * 1024);
        await socket.SendAsync(Encoding.UTF8.GetBytes("héllo tunnel"), WebSocketMessageType.Text, true, timeout.Token);
        var (textType, text) = await TunnelClients.ReceiveMessageAsync(socket, timeout.Token);
        await socket.SendAsync(binary, WebSocketMessageType.Binary, true, timeout.Token);
        var (binaryType, echoed) = await TunnelClients.ReceiveMessageAsync(socket, timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal(WebSocketMessageType.Text, textType);
        Assert.Equal("héllo tunnel", Encoding.UTF8.GetString(text));
        Assert.Equal(WebSocketMessageType.Binary, binaryType);
        Assert.Equal(SHA256.HashData(binary), SHA256.HashData(echoed));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }


    /// <summary>base64(SHA-256(SubjectPublicKeyInfo)) of the certificate the relay presents for <paramref name="host"/>.</summary>
    private static async Task<string> LeafSpkiHashAsync(TunnelRelay relay, string host)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, relay.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, TunnelClients.TrustsOnly(relay));
        await tls.AuthenticateAsClientAsync(host);
        using var leaf = new X509Certificate2(tls.RemoteCertificate!);
        return Convert.ToBase64String(SHA256.HashData(leaf.PublicKey.ExportSubjectPublicKeyInfo()));
    }
}
