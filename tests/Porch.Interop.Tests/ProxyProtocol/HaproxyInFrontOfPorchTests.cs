using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Porch.Tests.Hosting;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.ProxyProtocol;

/// <summary>
/// Scenario 4 with real peers: curl connects from 127.0.0.2 to HAProxy, HAProxy relays to `porch proxy` from
/// 127.0.0.3 (the only trusted proxy) with a PROXY header, and Porch forwards to nginx. The real client address must
/// be what Porch logs and what nginx reads in X-Forwarded-For; a PROXY header from anywhere else must be refused.
/// </summary>
public class HaproxyInFrontOfPorchTests
{
    private const string Client = "127.0.0.2";
    private const string TrustedProxy = "127.0.0.3";
    private const string UntrustedProxy = "127.0.0.4";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [SkippableTheory]
    [InlineData("send-proxy", "")]
    [InlineData("send-proxy-v2", "")]
    // CRC32C and a unique ID: Porch verifies HAProxy's checksum and reads its TLVs.
    [InlineData("send-proxy-v2 proxy-v2-options crc32c,unique-id", "unique-id-format %{+X}o%ci:%cp_%fi:%fp_%Ts_%rt:%pid")]
    public async Task Haproxy_SendProxy_RealClientInPorchLogAndNginxForwardedFor(string sendProxy, string frontendLines)
    {
        var curl = Peer.Require("curl", "curl");
        await using var nginx = await NginxBackend.StartAsync();
        using var porch = StartPorch(nginx);
        var porchPort = await porch.WaitForPortAsync();
        await using var haproxy = await HaproxyFrontend.StartAsync(porchPort, $"{sendProxy} source {TrustedProxy}", frontendLines);

        var (code, stdout, stderr) = await Peer.RunAsync(curl,
            ["-sS", "-i", "--interface", Client, "-H", "Host: blog.example", $"http://127.0.0.1:{haproxy.Port}/headers"], Generous);

        Assert.True(code == 0, stderr);
        var output = stdout.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200", output, StringComparison.Ordinal);
        Assert.Contains($"xff={Client}\n", output, StringComparison.Ordinal);
        Assert.Contains($"forwarded=for={Client};proto=http;host=blog.example", output, StringComparison.Ordinal);
        await porch.Stdout.WaitForLineAsync(l => l.StartsWith($"{Client} - - [", StringComparison.Ordinal) && l.Contains("\"GET /headers HTTP/1.1\" 200", StringComparison.Ordinal), Generous);
    }

    [SkippableFact]
    public async Task Haproxy_SendProxyV2_Http2PriorKnowledgeAfterTheHeader()
    {
        var curl = Peer.Require("curl", "curl");
        await using var nginx = await NginxBackend.StartAsync();
        using var porch = StartPorch(nginx);
        var porchPort = await porch.WaitForPortAsync();
        await using var haproxy = await HaproxyFrontend.StartAsync(porchPort, $"send-proxy-v2 source {TrustedProxy}");

        var (code, stdout, stderr) = await Peer.RunAsync(curl,
            ["-sS", "-i", "--http2-prior-knowledge", "--interface", Client, $"http://127.0.0.1:{haproxy.Port}/headers"], Generous);

        Assert.True(code == 0, stderr);
        Assert.StartsWith("HTTP/2 200", stdout, StringComparison.Ordinal);
        Assert.Contains($"xff={Client}\n", stdout.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        await porch.Stdout.WaitForLineAsync(l => l.StartsWith($"{Client} - - [", StringComparison.Ordinal) && l.Contains("\"GET /headers HTTP/2\" 200", StringComparison.Ordinal), Generous);
    }

    [SkippableFact]
    public async Task Haproxy_FromAnUntrustedAddress_RefusedAndLogged()
    {
        var curl = Peer.Require("curl", "curl");
        await using var nginx = await NginxBackend.StartAsync();
        using var porch = StartPorch(nginx);
        var porchPort = await porch.WaitForPortAsync();
        await using var haproxy = await HaproxyFrontend.StartAsync(porchPort, $"send-proxy-v2 source {UntrustedProxy}");

        var (code, stdout, _) = await Peer.RunAsync(curl,
            ["-sS", "-i", "--interface", Client, $"http://127.0.0.1:{haproxy.Port}/headers"], Generous);

        // curl 52: "Empty reply from server": Porch closed the relayed connection without answering.
        Assert.Equal(52, code);
        Assert.DoesNotContain("HTTP/1.1", stdout, StringComparison.Ordinal);
        await porch.Stderr.WaitForLineAsync(l => l.Contains($"PROXY header from {UntrustedProxy}", StringComparison.Ordinal)
            && l.Contains("not a trusted proxy", StringComparison.Ordinal), Generous);
        Assert.DoesNotContain("/headers", nginx.AccessLog, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ForgedHeader_StraightFromAClient_RefusedWhileHaproxyStillWorks()
    {
        var curl = Peer.Require("curl", "curl");
        await using var nginx = await NginxBackend.StartAsync();
        using var porch = StartPorch(nginx);
        var porchPort = await porch.WaitForPortAsync();
        await using var haproxy = await HaproxyFrontend.StartAsync(porchPort, $"send-proxy source {TrustedProxy}");

        using (var forger = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            forger.Bind(new IPEndPoint(IPAddress.Parse(Client), 0));
            await forger.ConnectAsync(IPAddress.Loopback, porchPort);
            await forger.SendAsync("PROXY TCP4 198.51.100.66 127.0.0.1 1234 80\r\nGET /headers HTTP/1.1\r\nHost: a\r\n\r\n"u8.ToArray());
            var buffer = new byte[1024];
            using var cancel = new CancellationTokenSource(Generous);
            Assert.Equal(0, await forger.ReceiveAsync(buffer, SocketFlags.None, cancel.Token));
        }

        var (code, stdout, _) = await Peer.RunAsync(curl, ["-sS", "-i", "--interface", Client, $"http://127.0.0.1:{haproxy.Port}/headers"], Generous);

        Assert.Equal(0, code);
        Assert.Contains($"xff={Client}", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(porch.Stdout.Lines(), l => l.StartsWith("198.51.100.66", StringComparison.Ordinal));
        await porch.Stderr.WaitForLineAsync(l => l.Contains($"PROXY header from {Client}", StringComparison.Ordinal), Generous);
    }

    /// <summary>`porch proxy NGINX --port P --trusted-proxy 127.0.0.3 --proxy-protocol`, the real executable.</summary>
    private static PorchProcess StartPorch(NginxBackend nginx) => PorchProcess.Start(
        nginx.Prefix, "proxy", nginx.BaseAddress.ToString(), "--port", FreePort.Allocate().ToString(CultureInfo.InvariantCulture),
        "--trusted-proxy", TrustedProxy, "--proxy-protocol");
}
