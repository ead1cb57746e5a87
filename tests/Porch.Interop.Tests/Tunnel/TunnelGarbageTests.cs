using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Porch.Tests.Support;
using Porch.Wire.Tunnel;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// Garbage aimed at the relay's tunnel endpoint: each gets a clear refusal (or a closed connection where no HTTP was
/// spoken), and the relay keeps serving the tunnel that was already up.
/// </summary>
public class TunnelGarbageTests
{
    [SkippableFact]
    public async Task Garbage_IsRefusedClearly_AndTheRelayKeepsServingOtherTunnels()
    {
        await using var app = await TunnelApp.StartAsync(web => web.MapGet("/", () => "still here"));
        await using var relay = await TunnelRelay.StartAsync();
        var token = await relay.AddTokenAsync("alice");
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, app.Port, "steady", token);
        using var _ = share;
        using var http2 = TunnelClients.Client(relay, HttpVersion.Version20);
        using var http11 = TunnelClients.Client(relay, HttpVersion.Version11);
        var relayBase = $"https://localhost:{relay.Port}";

        // Random bytes on the TCP port: no TLS, no HTTP; the relay closes the connection.
        Assert.True(await RandomBytesAreHungUpOnAsync(relay.Port), "the relay kept a connection that sent random bytes open");

        // A hello that is not JSON, with a valid token: 400 and an error line naming the hello.
        using (var response = await PostAsync(http2, relayBase + TunnelProtocol.ControlPath, "this is not json\n", token))
        {
            var (code, detail) = await ErrorAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, detail);
            Assert.Equal(TunnelErrorCode.BadHello, code);
            Assert.Contains("not a tunnel message", detail, StringComparison.Ordinal);
        }

        // A well-formed hello of an unknown version.
        using (var response = await PostAsync(http2, relayBase + TunnelProtocol.ControlPath,
            Encoding.UTF8.GetString(TunnelMessageCodec.Encode(new HelloMessage(999, "steady2", false, "http", "", "http://127.0.0.1:1", null))), token))
        {
            var (code, detail) = await ErrorAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, detail);
            Assert.Equal(TunnelErrorCode.BadHello, code);
            Assert.Contains("version", detail, StringComparison.OrdinalIgnoreCase);
        }

        // A token the relay never issued.
        using (var response = await PostAsync(http2, relayBase + TunnelProtocol.ControlPath, "garbage\n", "porch_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))))
        {
            var (code, detail) = await ErrorAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, detail);
            Assert.Equal(TunnelErrorCode.BadToken, code);
        }

        // The control endpoint over HTTP/1.1: refused, telling to use HTTP/2.
        using (var response = await PostAsync(http11, relayBase + TunnelProtocol.ControlPath, "x\n", token))
        {
            var (_, detail) = await ErrorAsync(response);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, detail);
            Assert.Contains("HTTP/2", detail, StringComparison.Ordinal);
        }

        // A stream request for a session that does not exist.
        using (var request = new HttpRequestMessage(HttpMethod.Post, relayBase + TunnelProtocol.StreamPath)
        {
            Content = new StringContent(""),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        })
        {
            request.Headers.Add(TunnelProtocol.SessionHeader, "no-such-session");
            using var response = await http2.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var after = await http11.GetAsync(relay.TunnelUri("steady"));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("still here", await after.Content.ReadAsStringAsync());
        Assert.Equal(1, share.OnlineCount);
        Assert.Null(await relay.Process.WaitForExitAsync(TimeSpan.Zero));
    }

    private static async Task<bool> RandomBytesAreHungUpOnAsync(int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var garbage = RandomNumberGenerator.GetBytes(16 * 1024);
        garbage[0] = 0x16; // Looks like a TLS handshake record at first, then is not one.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await socket.SendAsync(garbage, SocketFlags.None, timeout.Token);
            var buffer = new byte[4096];
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
            {
                // A TLS alert may come before the close; keep reading until the relay hangs up.
            }

            return true;
        }
        catch (SocketException)
        {
            return true; // Reset by the relay: hung up too.
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string body, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8),
            Version = client.DefaultRequestVersion,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    /// <summary>The code and detail of the one error line a refused control request carries.</summary>
    private static async Task<(string? Code, string Detail)> ErrorAsync(HttpResponseMessage response)
    {
        var line = (await response.Content.ReadAsStringAsync()).Split('\n')[0];
        using var json = JsonDocument.Parse(line);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        return (json.RootElement.GetProperty("code").GetString(), json.RootElement.GetProperty("detail").GetString() ?? "");
    }
}
