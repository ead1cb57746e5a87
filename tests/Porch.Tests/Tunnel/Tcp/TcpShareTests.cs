using System.Net;
using System.Net.Sockets;
using System.Text;
using Porch.Tests.Tunnel.Client;
using Porch.Wire.ProxyProtocol;

namespace Porch.Tests.Tunnel.Tcp;

/// <summary>
/// <c>porch share --tcp</c> end to end in-process: the addresses it prints, the PROXY header the app receives (read
/// back with Porch.Wire's own parser), half-close carried both ways, and its option checks.
/// </summary>
public sealed class TcpShareTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Share_Tcp_PrintsTheTcpAddressInTheOnlineLineAndAfterTheUrl()
    {
        await using var app = RawTcpApp.StartEcho();
        await using var bed = await TcpShareBed.StartAsync(app.Port);

        var online = bed.Share.Err.Lines().Single(l => l.StartsWith("porch share: online:", StringComparison.Ordinal));
        Assert.Equal($"porch share: online: https://raw.localhost:{bed.Relay.Port} and tcp://localhost:{bed.TcpPort} → http://127.0.0.1:{app.Port}", online);
        Assert.Equal([$"https://raw.localhost:{bed.Relay.Port}", $"tcp://localhost:{bed.TcpPort}"], bed.Share.Out.Lines().Where(l => l.Length > 0));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Share_ProxyProtocol_AppGetsTheHeaderWithTheRealClientThenTheBytes(string version)
    {
        await using var app = RawTcpApp.Start();
        await using var bed = await TcpShareBed.StartAsync(app.Port, "--proxy-protocol", version);

        using var visitor = await PublicTcp.ConnectAsync(bed.TcpPort, "127.0.0.7");
        var visitorPort = ((IPEndPoint)visitor.LocalEndPoint!).Port;
        await visitor.SendAsync("payload"u8.ToArray());
        visitor.Shutdown(SocketShutdown.Send);
        using var connection = await app.AcceptAsync(Wait);
        var received = await PublicTcp.ReadToEndAsync(connection, Wait);

        var parsed = ProxyHeaderParser.Parse(received);
        Assert.Equal(ProxyParseStatus.Done, parsed.Status);
        var header = parsed.Header!;
        Assert.Equal(version == "v1" ? 1 : 2, header.Version);
        Assert.Equal(ProxyCommand.Proxy, header.Command);
        Assert.Equal(ProxyAddressFamily.Inet, header.Family);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.7"), visitorPort), header.Source);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, bed.TcpPort), header.Destination);
        if (version == "v1")
        {
            Assert.Equal($"PROXY TCP4 127.0.0.7 127.0.0.1 {visitorPort} {bed.TcpPort}\r\n", Encoding.ASCII.GetString(received, 0, parsed.Length));
        }
        else
        {
            // 16 fixed bytes and 12 of INET addresses and ports, no TLVs.
            Assert.Equal(28, parsed.Length);
            Assert.Empty(header.Tlvs);
        }

        Assert.Equal("payload"u8.ToArray(), received[parsed.Length..]);
    }

    [Fact]
    public async Task Share_ProxyProtocol_HttpRequestsGetNoHeader()
    {
        await using var app = RawTcpApp.Start();
        await using var bed = await TcpShareBed.StartAsync(app.Port, "--proxy-protocol", "v2");

        using var visitor = bed.Relay.CreatePublicClient();
        var request = visitor.GetAsync(bed.Relay.PublicUri("raw", "/page"));
        using var connection = await app.AcceptAsync(Wait);
        var first = await PublicTcp.ReadExactlyAsync(connection, 10, Wait);
        Assert.Equal("GET /page "u8.ToArray(), first);
        // The whole request went out in one write before the answer; the answer ends the exchange.
        await connection.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray());
        connection.Shutdown(SocketShutdown.Send);
        using var response = await request;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Share_Tcp_HalfCloseTravelsBothWays()
    {
        await using var app = RawTcpApp.Start();
        await using var bed = await TcpShareBed.StartAsync(app.Port);

        // The visitor finishes first: the app reads to the end, then still answers.
        using (var visitor = await PublicTcp.ConnectAsync(bed.TcpPort))
        {
            await visitor.SendAsync("question"u8.ToArray());
            visitor.Shutdown(SocketShutdown.Send);
            using var connection = await app.AcceptAsync(Wait);
            Assert.Equal("question"u8.ToArray(), await PublicTcp.ReadToEndAsync(connection, Wait));
            await connection.SendAsync("answer"u8.ToArray());
            connection.Shutdown(SocketShutdown.Send);
            Assert.Equal("answer"u8.ToArray(), await PublicTcp.ReadToEndAsync(visitor, Wait));
        }

        // The app finishes first: the visitor reads to the end, then still sends.
        using (var visitor = await PublicTcp.ConnectAsync(bed.TcpPort))
        {
            using var connection = await app.AcceptAsync(Wait);
            await connection.SendAsync("banner"u8.ToArray());
            connection.Shutdown(SocketShutdown.Send);
            Assert.Equal("banner"u8.ToArray(), await PublicTcp.ReadToEndAsync(visitor, Wait));
            await visitor.SendAsync("late"u8.ToArray());
            visitor.Shutdown(SocketShutdown.Send);
            Assert.Equal("late"u8.ToArray(), await PublicTcp.ReadToEndAsync(connection, Wait));
        }
    }

    [Theory]
    [InlineData("--proxy-protocol v1 --remote allow", "--proxy-protocol applies to TCP connections only; add --tcp")]
    [InlineData("--tcp", "--tcp cannot ask for a password")]
    [InlineData("--tcp --remote-password guest", "open the tunnel with --remote allow, or to your networks with --allow CIDR")]
    [InlineData("--tcp --remote allow --proxy-protocol v3", "--proxy-protocol \"v3\" is not a PROXY protocol version; use v1 (text) or v2 (binary)")]
    public async Task Share_TcpOptionMistakes_OneLineWithTheFixAndExit2(string options, string expected)
    {
        var environment = new Dictionary<string, string> { ["PORCH_PASSWORD"] = "correct horse battery" };
        await using var share = ShareRun.Start(environment, ["8000", "--relay", "https://relay.example", "--token", "t", .. options.Split(' ')]);

        Assert.Equal(2, await share.Exit.WaitAsync(Wait));
        var line = Assert.Single(share.Err.Lines(), l => l.Length > 0);
        Assert.StartsWith("porch share: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
