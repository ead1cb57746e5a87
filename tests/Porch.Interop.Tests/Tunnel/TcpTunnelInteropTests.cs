using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Tcp;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// `porch relay --tcp-ports` and `porch share --tcp` as real processes, a raw TCP client from 127.0.0.7 (so its
/// address differs from the relay's and the share's): bytes through intact, and a real nginx and a real HAProxy (where
/// the PROXY protocol comes from) that accept only PROXY-headed connections reporting the visitor's own address and port.
/// </summary>
public class TcpTunnelInteropTests
{
    private const string Visitor = "127.0.0.7";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RawClient_ThroughRelayAndShare_OneMebibyteEachWayIntactAndCounted()
    {
        const int size = 1024 * 1024;
        await using var app = RawTcpApp.StartEcho();
        var tcpPort = FreePort.Allocate();
        await using var relay = await TunnelRelay.StartAsync("--tcp-ports", $"{tcpPort}-{tcpPort}");
        var token = await relay.AddTokenAsync("alice");
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, app.Port, "raw", token, ["--remote", "allow", "--tcp"]);
        using var _ = share;
        await share.Process.Stdout.WaitForLineAsync(l => l.Trim() == $"tcp://localhost:{tcpPort}", Wait);

        var data = RandomNumberGenerator.GetBytes(size);
        using var visitor = await PublicTcp.ConnectAsync(tcpPort, Visitor);
        var reading = PublicTcp.ReadToEndAsync(visitor, Wait);
        await visitor.SendAsync(data);
        visitor.Shutdown(SocketShutdown.Send);

        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await reading));
        var ended = await relay.Process.Stderr.WaitForLineAsync(l => l.Contains($"TCP {Visitor}:", StringComparison.Ordinal) && l.Contains("bytes out", StringComparison.Ordinal), Wait);
        Assert.Contains($"{size} bytes in, {size} bytes out", ended, StringComparison.Ordinal);
        var (exit, status, error) = await relay.RunCliAsync("relay", "status");
        Assert.True(exit == 0, error);
        Assert.Contains($"+tcp:{tcpPort}", status, StringComparison.Ordinal);
        Assert.Contains("1.0 MiB / 1.0 MiB", status, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Nginx_BehindTcpTunnelWithProxyProtocol_SeesTheVisitorsAddress(string version)
    {
        await using var nginx = await NginxProxyProtocol.StartAsync();
        var (response, visitorPort, tcpPort) = await GetThroughTcpTunnelAsync(nginx.Port, version);

        Assert.True(response.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), response + "\nnginx error log:\n" + nginx.ErrorLog);
        Assert.Contains($"client={Visitor}:{visitorPort} server=127.0.0.1:{tcpPort} socket=127.0.0.1\n", response, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("v1")]
    [InlineData("v2")]
    public async Task Haproxy_BehindTcpTunnelWithProxyProtocol_SeesTheVisitorsAddress(string version)
    {
        await using var haproxy = await HaproxyProxyProtocolApp.StartAsync();
        var (response, visitorPort, tcpPort) = await GetThroughTcpTunnelAsync(haproxy.Port, version);

        Assert.True(response.StartsWith("HTTP/1.1 200", StringComparison.Ordinal), response);
        Assert.EndsWith($"client={Visitor}:{visitorPort} server=127.0.0.1:{tcpPort}", response, StringComparison.Ordinal);
    }

    /// <summary>
    /// A relay with one TCP port, a share of <paramref name="appPort"/> with <c>--tcp --proxy-protocol VERSION</c>, and
    /// one GET from <see cref="Visitor"/> to that port: the whole response, the visitor's port and the relay's TCP port.
    /// </summary>
    private static async Task<(string Response, string VisitorPort, int TcpPort)> GetThroughTcpTunnelAsync(int appPort, string version)
    {
        var tcpPort = FreePort.Allocate();
        await using var relay = await TunnelRelay.StartAsync("--tcp-ports", $"{tcpPort}-{tcpPort}");
        var token = await relay.AddTokenAsync("alice");
        var (share, _) = await TunnelShare.StartOnlineAsync(relay, appPort, "pp", token, ["--remote", "allow", "--tcp", "--proxy-protocol", version]);
        using var _ = share;

        using var visitor = await PublicTcp.ConnectAsync(tcpPort, Visitor);
        var visitorPort = ((System.Net.IPEndPoint)visitor.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture);
        await visitor.SendAsync("GET / HTTP/1.1\r\nHost: pp\r\nConnection: close\r\n\r\n"u8.ToArray());
        return (Encoding.ASCII.GetString(await PublicTcp.ReadToEndAsync(visitor, Wait)), visitorPort, tcpPort);
    }
}
