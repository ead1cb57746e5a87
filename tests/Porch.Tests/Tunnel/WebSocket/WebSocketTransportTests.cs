using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Porch.Tests.Forwarding;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Client;
using Porch.Tests.Tunnel.Relay;
using Porch.Tunnel;
using Porch.Tunnel.Client;
using Porch.Wire.Tunnel;

namespace Porch.Tests.Tunnel.WebSocket;

/// <summary>
/// The WebSocket-over-HTTP/1.1 transport against the real relay in-process (TLS by its local CA, real sockets on
/// loopback): <c>porch share --transport websocket</c> end to end, and the transport's channels driven directly for
/// the relay's answers (refusal before the upgrade, dismissal, closing line, a control connection that dies).
/// </summary>
public sealed class WebSocketTransportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ShareOverWebSocket_PublicRequest_ReachesTheAppAndStatusShowsWebsocket()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        using var folder = new TempDirectory("porch-ws-");
        var token = relay.Tokens.Add("laptop");
        await using var share = ShareRun.Start(
            app.Upstream(), "--relay", relay.RelayUri.ToString(), "--token", token, "--name", "demo", "--ca", relay.WriteRoot(folder.Path),
            "--transport", "websocket", "--remote", "allow");
        await share.WaitForAsync($"online: https://demo.localhost:{relay.Port}");

        using var visitor = relay.CreatePublicClient();
        for (var i = 0; i < 3; i++)
        {
            using var response = await visitor.GetAsync(relay.PublicUri("demo", $"/hello?n={i}"));
            var echo = await EchoedRequest.ReadAsync(response);
            Assert.Equal($"/hello?n={i}", echo.Target);
            Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        }

        var info = Assert.Single(relay.Registry.Snapshot());
        Assert.Equal(("demo", "websocket"), (info.Name, info.Transport));
        Assert.True(info.BytesOut > 0);
    }

    [Fact]
    public async Task ShareOverWebSocket_LargeBodiesBothWays_ArriveIntact()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync(maxBodySize: "16MB");
        using var folder = new TempDirectory("porch-ws-");
        var token = relay.Tokens.Add("laptop");
        await using var share = ShareRun.Start(
            app.Upstream(), "--relay", relay.RelayUri.ToString(), "--token", token, "--name", "bulk", "--ca", relay.WriteRoot(folder.Path),
            "--transport", "websocket", "--remote", "allow");
        await share.WaitForAsync("online:");

        var body = new byte[3 * 1024 * 1024];
        Random.Shared.NextBytes(body);
        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.PostAsync(relay.PublicUri("bulk", "/upload"), new ByteArrayContent(body));
        Assert.Equal(body.Length, (await EchoedRequest.ReadAsync(response)).BodyLength);
    }

    [Fact]
    public async Task WebSocketControl_BadToken_IsRefusedBeforeTheUpgradeWithTheErrorLine()
    {
        await using var relay = await RelayTestHost.StartAsync();
        await using var transport = Transport(relay);

        await using var control = await transport.OpenControlAsync("not-a-token", TestTunnelClient.Hello("demo", TestTunnelClient.Everyone), CancellationToken.None);

        Assert.Equal(401, control.Status);
        var error = Assert.IsType<ErrorMessage>(await TunnelMessageReader.ReadAsync(control.Input, CancellationToken.None));
        Assert.Equal(TunnelErrorCode.BadToken, error.Code);
    }

    [Fact]
    public async Task ShareOverWebSocket_BadToken_StopsWithTheRelaysReason()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var folder = new TempDirectory("porch-ws-");
        await using var share = ShareRun.Start(
            "8000", "--relay", relay.RelayUri.ToString(), "--token", "not-a-token", "--ca", relay.WriteRoot(folder.Path), "--transport", "websocket", "--remote", "allow");

        Assert.Equal(1, await share.Exit.WaitAsync(Wait));
        Assert.Contains(share.Err.Lines(), l => l.Contains("the relay refused the tunnel", StringComparison.Ordinal) && l.Contains("(bad-token)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WebSocketControl_NameTakenAfterTheUpgrade_IsTheErrorLineInPlaceOfTheWelcome()
    {
        await using var relay = await RelayTestHost.StartAsync();
        relay.Names.TryReserve("taken", "someone-else", out _);
        await using var transport = Transport(relay);

        await using var control = await transport.OpenControlAsync(relay.Tokens.Add("laptop"), TestTunnelClient.Hello("taken", TestTunnelClient.Everyone), CancellationToken.None);

        var error = Assert.IsType<ErrorMessage>(await TunnelMessageReader.ReadAsync(control.Input, CancellationToken.None));
        Assert.Equal(TunnelErrorCode.NameTaken, error.Code);
        Assert.Null(await TunnelMessageReader.ReadAsync(control.Input, CancellationToken.None));
    }

    [Fact]
    public async Task WebSocketStream_ParkedTooLong_IsDismissedThenAParkedOneServesAStream()
    {
        await using var relay = await RelayTestHost.StartAsync(configure: s => s with { ParkedIdleTimeout = TimeSpan.FromSeconds(2) });
        await using var transport = Transport(relay);
        await using var control = await transport.OpenControlAsync(relay.Tokens.Add("laptop"), TestTunnelClient.Hello("demo", TestTunnelClient.Everyone), CancellationToken.None);
        var welcome = Assert.IsType<WelcomeMessage>(await TunnelMessageReader.ReadAsync(control.Input, CancellationToken.None));

        await using (var dismissed = await transport.OpenStreamAsync(welcome.Session, CancellationToken.None).WaitAsync(Wait))
        {
            Assert.Equal(204, dismissed.Status);
        }

        await using var parked = await transport.OpenStreamAsync(welcome.Session, CancellationToken.None).WaitAsync(Wait);
        Assert.Equal(204, parked.Status);

        // A parked socket that a public request takes: answered with the open line, as an HTTP/2 stream is.
        var answered = transport.OpenStreamAsync(welcome.Session, CancellationToken.None);
        using var visitor = relay.CreatePublicClient();
        var request = visitor.GetAsync(relay.PublicUri("demo", "/x"));
        await using var stream = await answered.WaitAsync(Wait);
        Assert.Equal(200, stream.Status);
        var open = Assert.IsType<StreamOpenMessage>(await TunnelMessageReader.ReadAsync(stream.Input, CancellationToken.None));
        Assert.Equal(StreamKind.Http, open.Kind);
        await TunnelMessageReader.WriteAsync(stream.Output, new StreamFailedMessage("no app in this test"), CancellationToken.None);
        using var response = await request.WaitAsync(Wait);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("no app in this test", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShareOverWebSocket_TokenRevoked_ClosingLineStopsTheClient()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        using var folder = new TempDirectory("porch-ws-");
        var token = relay.Tokens.Add("laptop");
        await using var share = ShareRun.Start(
            app.Upstream(), "--relay", relay.RelayUri.ToString(), "--token", token, "--ca", relay.WriteRoot(folder.Path), "--transport", "websocket", "--remote", "allow");
        await share.WaitForAsync("online:");

        relay.Relay.Revoke("laptop");

        Assert.Equal(1, await share.Exit.WaitAsync(Wait));
        Assert.Contains("porch share: the relay revoked this token; stopping", share.Err.Lines());
    }

    [Fact]
    public async Task WebSocketControl_ConnectionDies_RelayEndsTheSession()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("laptop");
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await tcp.ConnectAsync(new IPEndPoint(IPAddress.Loopback, relay.Port));
        await using var tls = new SslStream(new NetworkStream(tcp, ownsSocket: false));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = RelayTestHost.Domain,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
                CustomTrustStore = { relay.Root! },
            },
        });
        var handshake = $"GET {TunnelProtocol.ControlPath} HTTP/1.1\r\nHost: {RelayTestHost.Domain}:{relay.Port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                        $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer {token}\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(handshake));
        var head = await ReadHeadAsync(tls);
        Assert.StartsWith("HTTP/1.1 101", head, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", head, StringComparison.OrdinalIgnoreCase);
        using var socket = System.Net.WebSockets.WebSocket.CreateFromStream(tls, new WebSocketCreationOptions { IsServer = false });
        await socket.SendAsync(TunnelMessageCodec.Encode(TestTunnelClient.Hello("dying", TestTunnelClient.Everyone)), WebSocketMessageType.Binary, true, CancellationToken.None);
        var buffer = new byte[4096];
        var welcome = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Contains("\"welcome\"", Encoding.UTF8.GetString(buffer, 0, welcome.Count), StringComparison.Ordinal);
        Assert.Equal("websocket", Assert.Single(relay.Registry.Snapshot()).Transport);

        // No close frame: the connection is reset, as when a laptop loses its network.
        tcp.LingerState = new LingerOption(true, 0);
        tcp.Close();

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(relay.Registry.Snapshot().Count == 0), Wait));
    }

    [Fact]
    public async Task Share_UnknownTransport_IsAUsageErrorNamingTheChoices()
    {
        var (exit, _, error) = await RelayRun.RunAsync("share", "8000", "--relay", "https://relay.example", "--token", "t", "--transport", "carrier-pigeon");

        Assert.Equal(2, exit);
        var line = Assert.Single(error.Split('\n'), l => l.Contains("--transport", StringComparison.Ordinal));
        Assert.Contains("\"carrier-pigeon\" is not a transport; choose auto, h2, websocket", line, StringComparison.Ordinal);
    }

    private static WebSocketTunnelTransport Transport(RelayTestHost relay) =>
        new(relay.RelayUri, [relay.Root!], TimeSpan.FromSeconds(10));

    private static async Task<string> ReadHeadAsync(Stream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
