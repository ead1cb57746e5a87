using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Relay;
using Porch.Tunnel.Relay;
using Porch.Wire.Tunnel;

namespace Porch.Tests.Tunnel.Tcp;

/// <summary>
/// The relay's public TCP ports over real sockets: who gets a port (and who is refused, with which fix), which port,
/// who may connect, and what a connection carries and counts. The tunnel client is the wire-level test client.
/// </summary>
public sealed class TcpRelayTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Hello_TcpOnARelayWithoutPorts_IsRefusedNamingTcpPorts()
    {
        await using var relay = await StartRelayAsync(null);
        await using var client = await TestTunnelClient.ConnectAsync(relay, relay.Tokens.Add("alice"), TcpHello("app"), 9);

        Assert.Equal(400, client.StatusCode);
        Assert.Equal(TunnelErrorCode.BadHello, client.Error!.Code);
        Assert.Contains("porch relay --tcp-ports FROM-TO", client.Error.Detail, StringComparison.Ordinal);
        Assert.Empty(relay.Registry.Snapshot());
    }

    [Fact]
    public async Task Hello_TcpWithoutAllowOrAllowList_IsRefusedNamingTheFix_AnAllowListGetsAPort()
    {
        await using var relay = await StartRelayAsync(TcpPortBlock.Allocate(2));
        var token = relay.Tokens.Add("alice");
        await using var closed = await TestTunnelClient.ConnectAsync(relay, token, TcpHello("closed", new TunnelAccess("deny", [], [], [], null, null)), 9);
        await using var listed = await TestTunnelClient.ConnectAsync(relay, token, TcpHello("listed", new TunnelAccess(null, [], ["127.0.0.0/8"], [], null, null)), 9);

        Assert.Equal(400, closed.StatusCode);
        Assert.Equal(TunnelErrorCode.BadHello, closed.Error!.Code);
        Assert.Contains("porch share --tcp --remote allow", closed.Error.Detail, StringComparison.Ordinal);
        Assert.Contains("--allow CIDR", closed.Error.Detail, StringComparison.Ordinal);
        Assert.Equal(200, listed.StatusCode);
        Assert.NotNull(listed.Welcome!.TcpPort);
    }

    [Fact]
    public async Task Hello_TcpWhenEveryPortIsTaken_IsRefused503NamingTheLimit()
    {
        var range = TcpPortBlock.Allocate(1);
        await using var relay = await StartRelayAsync(range);
        await using var first = await TestTunnelClient.ConnectAsync(relay, relay.Tokens.Add("alice"), TcpHello("first"), 9);
        await using var second = await TestTunnelClient.ConnectAsync(relay, relay.Tokens.Add("bob"), TcpHello("second"), 9);

        Assert.Equal(range.From, first.Welcome!.TcpPort);
        Assert.Equal(503, second.StatusCode);
        Assert.Equal(TunnelErrorCode.Unavailable, second.Error!.Code);
        Assert.Contains($"all 1 TCP ports of this relay ({range.From})", second.Error.Detail, StringComparison.Ordinal);
        Assert.Contains("--tcp-ports", second.Error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TcpPort_SameNameKeepsItsPortAcrossReconnects_ClosedWhileOffline()
    {
        await using var relay = await StartRelayAsync(TcpPortBlock.Allocate(3));
        var token = relay.Tokens.Add("alice");
        var first = await TestTunnelClient.ConnectAsync(relay, token, TcpHello("alpha"), 9);
        var port = first.Welcome!.TcpPort!.Value;

        // A takeover (the same client back after a network loss, its old session not yet gone) keeps the port open.
        var takeover = await TestTunnelClient.ConnectAsync(relay, token, TcpHello("alpha"), 9);
        Assert.Equal(port, takeover.Welcome!.TcpPort);
        await first.DisposeAsync();
        Assert.False(await FreePort.RefusesAsync(port));

        await takeover.DisposeAsync();
        Assert.True(await Poll.UntilAsync(() => RefusedAsync(port), Wait), "the port of an offline tunnel stays open");

        // Another name gets a port nobody had, so alpha's is still free when alpha comes back.
        await using var beta = await TestTunnelClient.ConnectAsync(relay, relay.Tokens.Add("bob"), TcpHello("beta"), 9);
        Assert.NotEqual(port, beta.Welcome!.TcpPort);
        await using var back = await TestTunnelClient.ConnectAsync(relay, token, TcpHello("alpha"), 9);
        Assert.Equal(port, back.Welcome!.TcpPort);
        Assert.Equal(port, relay.Registry.Snapshot().Single(t => t.Name == "alpha").TcpPort);
    }

    [Fact]
    public async Task TcpPort_EchoThroughTheTunnel_BytesAndStreamsCountedInStatus()
    {
        const int size = 1024 * 1024;
        await using var app = RawTcpApp.StartEcho();
        await using var relay = await StartRelayAsync(TcpPortBlock.Allocate(1));
        await using var client = await TestTunnelClient.ConnectAsync(relay, relay.Tokens.Add("alice"), TcpHello("echo"), app.Port);
        var port = client.Welcome!.TcpPort!.Value;
        var data = RandomNumberGenerator.GetBytes(size);

        using var visitor = await PublicTcp.ConnectAsync(port);
        var reading = PublicTcp.ReadToEndAsync(visitor, Wait);
        await visitor.SendAsync(data);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(relay.Registry.Snapshot().Single().OpenStreams == 1), Wait), "the TCP connection is not an open stream");
        visitor.Shutdown(SocketShutdown.Send);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await reading));

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(relay.Registry.Snapshot().Single().OpenStreams == 0), Wait), "the ended connection is still an open stream");
        var info = relay.Registry.Snapshot().Single();
        Assert.Equal(port, info.TcpPort);
        Assert.Equal(1, info.TotalStreams);
        Assert.Equal(size, info.BytesIn);
        Assert.Equal(size, info.BytesOut);
        Assert.Contains($"+tcp:{port}", RelayStatusFormat.Row(info, DateTimeOffset.UtcNow)[1], StringComparison.Ordinal);
        var ended = await relay.Log.WaitForAsync(e => e.EventId == 662, Wait);
        Assert.Contains($"{size} bytes in, {size} bytes out", ended.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TcpStream_OpenLineCarriesTheRealClientAndTheAddressItDialled()
    {
        await using var app = RawTcpApp.StartEcho();
        await using var relay = await StartRelayAsync(TcpPortBlock.Allocate(1));
        var opens = new List<StreamOpenMessage>();
        await using var client = await TestTunnelClient.ConnectAsync(relay, relay.Tokens.Add("alice"), TcpHello("who"), async open =>
        {
            lock (opens)
            {
                opens.Add(open);
            }

            return await PublicVisitor.LoopbackAsync(app.Port, CancellationToken.None);
        });
        var port = client.Welcome!.TcpPort!.Value;

        using var visitor = await PublicTcp.ConnectAsync(port, "127.0.0.7");
        await visitor.SendAsync("ping"u8.ToArray());
        Assert.Equal("ping"u8.ToArray(), await PublicTcp.ReadExactlyAsync(visitor, 4, Wait));

        var open = Assert.Single(opens);
        Assert.Equal(StreamKind.Tcp, open.Kind);
        Assert.Equal("127.0.0.7", open.ClientAddress);
        Assert.Equal(((IPEndPoint)visitor.LocalEndPoint!).Port, open.ClientPort);
        Assert.Equal("127.0.0.1", open.RelayAddress);
        Assert.Equal(port, open.RelayPort);
    }

    [Fact]
    public async Task TcpPort_DenyListAndRateLimit_CloseTheClientBeforeTheApp()
    {
        await using var app = RawTcpApp.Start();
        await using var relay = await StartRelayAsync(TcpPortBlock.Allocate(1));
        var access = new TunnelAccess("allow", [], [], ["127.0.0.7/32"], 1, 3600);
        await using var client = await TestTunnelClient.ConnectAsync(relay, relay.Tokens.Add("alice"), TcpHello("guarded", access), app.Port);
        var port = client.Welcome!.TcpPort!.Value;

        using (var denied = await PublicTcp.ConnectAsync(port, "127.0.0.7"))
        {
            Assert.True(await PublicTcp.EndsWithoutDataAsync(denied, Wait));
        }

        await relay.Log.WaitForAsync(e => e.EventId == 663 && e.Message.Contains("127.0.0.7", StringComparison.Ordinal) && e.Message.Contains("address list", StringComparison.Ordinal), Wait);
        Assert.False(await app.AnyConnectionAsync(TimeSpan.FromSeconds(1)));

        // One connection an hour from an address: the first reaches the app, the second is refused.
        using var allowed = await PublicTcp.ConnectAsync(port, "127.0.0.8");
        using var reached = await app.AcceptAsync(Wait);
        using (var limited = await PublicTcp.ConnectAsync(port, "127.0.0.8"))
        {
            Assert.True(await PublicTcp.EndsWithoutDataAsync(limited, Wait));
        }

        await relay.Log.WaitForAsync(e => e.EventId == 663 && e.Message.Contains("rate limit", StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task TcpPort_TheTunnelsStreamLimit_RefusesAConnectionBeyondIt()
    {
        await using var app = RawTcpApp.StartEcho();
        await using var relay = await RelayTestHost.StartAsync(configure: s => s with
        {
            TcpPorts = TcpPortBlock.Allocate(1),
            TcpBind = IPAddress.Loopback,
            MaxStreams = 1,
            StreamWaitTimeout = TimeSpan.FromSeconds(1),
        });
        await using var client = await TestTunnelClient.ConnectAsync(relay, relay.Tokens.Add("alice"), TcpHello("busy"), app.Port);
        var port = client.Welcome!.TcpPort!.Value;

        using var first = await PublicTcp.ConnectAsync(port);
        await first.SendAsync("a"u8.ToArray());
        Assert.Equal("a"u8.ToArray(), await PublicTcp.ReadExactlyAsync(first, 1, Wait));
        using (var second = await PublicTcp.ConnectAsync(port))
        {
            Assert.True(await PublicTcp.EndsWithoutDataAsync(second, Wait));
        }

        await relay.Log.WaitForAsync(e => e.EventId == 667, Wait);
        await first.SendAsync("b"u8.ToArray());
        Assert.Equal("b"u8.ToArray(), await PublicTcp.ReadExactlyAsync(first, 1, Wait));
    }

    [Fact]
    public async Task TcpPort_AppDown_ClosesThePublicConnectionAndLogsWhy()
    {
        var down = FreePort.Allocate();
        await using var relay = await StartRelayAsync(TcpPortBlock.Allocate(1));
        await using var client = await TestTunnelClient.ConnectAsync(relay, relay.Tokens.Add("alice"), TcpHello("down"), down);

        using var visitor = await PublicTcp.ConnectAsync(client.Welcome!.TcpPort!.Value);

        Assert.True(await PublicTcp.EndsWithoutDataAsync(visitor, Wait));
        var failed = await relay.Log.WaitForAsync(e => e.EventId == 664, Wait);
        Assert.Contains("cannot reach the app", failed.Message, StringComparison.Ordinal);
    }

    /// <summary>Whether nothing listens on the port; a connection reset while the listener closes is "not yet".</summary>
    private static async Task<bool> RefusedAsync(int port)
    {
        try
        {
            return await FreePort.RefusesAsync(port);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    internal static HelloMessage TcpHello(string name, TunnelAccess? access = null) =>
        TestTunnelClient.Hello(name, access ?? TestTunnelClient.Everyone) with { Tcp = true };

    internal static Task<RelayTestHost> StartRelayAsync(TcpPortRange? range) =>
        RelayTestHost.StartAsync(configure: s => s with { TcpPorts = range, TcpBind = IPAddress.Loopback });
}
