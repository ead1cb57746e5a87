using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Porch.Coffee;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Coffee;

/// <summary>
/// tools/wireshark/htcpcp.lua against real pot traffic: dumpcap captures loopback, tshark decodes with the script
/// (Debian package tshark, which brings dumpcap).
/// </summary>
public class HtcpcpDissectorTests
{
    [SkippableFact]
    public async Task Tshark_PotTrafficOnLoopback_DecodesMethodStatusHeadersAndBody()
    {
        var tshark = Peer.Require("tshark", "tshark");
        var dumpcap = Peer.Require("dumpcap", "tshark");
        var script = Path.Combine(Peer.RepositoryRoot(), "tools", "wireshark", "htcpcp.lua");
        var folder = Directory.CreateTempSubdirectory("porch-htcpcp-");
        try
        {
            await using var pot = await PotHost.StartAsync(ListenAddress.Loopback(0), new CoffeeOptions(), NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
            var (capture, problem) = await LoopbackCapture.StartAsync(dumpcap, pot.Port, Path.Combine(folder.FullName, "htcpcp.pcapng"));
            Skip.If(capture is null, problem);
            await using (capture)
            {
                await SendAsync(pot.Port, "BREW coffee://ducky HTTP/1.1\r\nContent-Type: application/coffee-pot-command\r\nAccept-Additions: cream; vanilla\r\n\r\nstart");
                await SendAsync(pot.Port, "BREW coffee://ducky HTTP/1.1\r\nContent-Type: application/coffee-pot-command\r\nUse-Pot: tea\r\n\r\nstart");
                await SendAsync(pot.Port, "GET coffee://ducky HTTP/1.1\r\n\r\n");
                await SendAsync(pot.Port, "BREW coffee://tea/earl-grey HTCPCP/1.0\r\nContent-Type: message/teapot\r\nContent-Length: 5\r\n\r\nst", "art");
                await Task.Delay(500);
                await capture!.StopAsync();
            }

            var file = Path.Combine(folder.FullName, "htcpcp.pcapng");
            var verbose = await Peer.RunAsync(tshark, ["-X", $"lua_script:{script}", "-o", $"htcpcp.tcp_port:{pot.Port}", "-r", file, "-V"], TimeSpan.FromSeconds(60));
            var text = verbose.Stdout;

            Assert.Equal(0, verbose.Exit);
            Assert.Contains("Hyper Text Coffee Pot Control Protocol: BREW coffee://ducky", text, StringComparison.Ordinal);
            Assert.Contains("    Method: BREW\n", text, StringComparison.Ordinal);
            Assert.Contains("    Request URI: coffee://ducky\n", text, StringComparison.Ordinal);
            Assert.Contains("    Version: HTTP/1.1\n", text, StringComparison.Ordinal);
            Assert.Contains("Accept-Additions: cream; vanilla", text, StringComparison.Ordinal);
            Assert.Contains("            Addition: vanilla\n", text, StringComparison.Ordinal);
            Assert.Contains("Use-Pot: tea", text, StringComparison.Ordinal);
            Assert.Contains("Hyper Text Coffee Pot Control Protocol: 418 I'm a teapot", text, StringComparison.Ordinal);
            Assert.Contains("    Status Code: 418\n", text, StringComparison.Ordinal);
            Assert.Contains("    Version: HTCPCP/1.1\n", text, StringComparison.Ordinal);
            Assert.Contains("Server: Porch-CoffeePot/", text, StringComparison.Ordinal);
            Assert.Contains("Content-Type: text/plain; charset=utf-8", text, StringComparison.Ordinal);
            Assert.Contains("        Date: ", text, StringComparison.Ordinal);
            Assert.Contains("Body: I'm a little teapot, short and stout", text, StringComparison.Ordinal);
            Assert.Contains("Coffee command: start", text, StringComparison.Ordinal);

            // Without the port preference the script still recognises the traffic (heuristic); the split body is reassembled.
            var fields = await Peer.RunAsync(tshark,
                ["-X", $"lua_script:{script}", "-r", file, "-Y", "htcpcp", "-T", "fields", "-e", "htcpcp.request.method", "-e", "htcpcp.response.code", "-e", "htcpcp.body"],
                TimeSpan.FromSeconds(60));
            var rows = fields.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split('\t')).ToList();

            Assert.Equal(["BREW", "BREW", "GET", "BREW"], rows.Where(r => r[0].Length > 0).Select(r => r[0]));
            Assert.Equal(["200", "418", "200", "200"], rows.Where(r => r[1].Length > 0).Select(r => r[1]));
            Assert.Equal("start", rows.Last(r => r[0] == "BREW")[2]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task SendAsync(int port, params string[] parts)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        foreach (var part in parts)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(part), SocketFlags.None);
            await Task.Delay(200);
        }

        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) > 0)
        {
        }
    }
}
