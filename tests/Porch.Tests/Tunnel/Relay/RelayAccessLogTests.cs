using System.Net;
using Porch.Tests.Forwarding;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Client;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>
/// <c>porch relay --access-log</c>: visitors' requests go to standard output by default, to a file when one is named,
/// and nowhere with <c>off</c> (the benchmark's setting, as for every other Porch it measures).
/// </summary>
public sealed class RelayAccessLogTests
{
    [Fact]
    public async Task AccessLog_File_GetsTheVisitorsRequest()
    {
        using var state = new TempDirectory("porch-relay-log-");
        var log = Path.Combine(state.Path, "visitors.log");
        var (relay, _) = await VisitOnceAsync(state, "/logged", "--access-log", log);
        await using (relay)
        {
            Assert.True(
                await Poll.UntilAsync(() => Task.FromResult(File.Exists(log) && File.ReadAllText(log).Contains("GET /logged", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)),
                $"no line for GET /logged in {log}");
            Assert.DoesNotContain("GET /logged", relay.Out.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AccessLog_Off_LogsNoRequest()
    {
        using var state = new TempDirectory("porch-relay-log-");
        var (relay, _) = await VisitOnceAsync(state, "/unlogged", "--access-log", "off");
        await using (relay)
        {
            // The default writes the line within milliseconds (the file test above); give it ample time to show up.
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.DoesNotContain("/unlogged", relay.Out.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("/unlogged", relay.Err.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>Starts a relay with <paramref name="logArgs"/>, a share of an echo app, and sends one visitor request.</summary>
    private static async Task<(RelayRun Relay, int Port)> VisitOnceAsync(TempDirectory state, string path, params string[] logArgs)
    {
        await using var app = await Backend.StartEchoAsync();
        var (exit, token, _) = await RelayRun.RunAsync("relay", "token", "add", "laptop", "--state", state.Path);
        Assert.Equal(0, exit);
        var relay = RelayRun.Start(["relay", "--domain", "localhost", "--port", "0", "--bind", "127.0.0.1", "--tls", "internal", "--state", state.Path, .. logArgs]);
        var port = await relay.PortAsync();
        var root = Path.Combine(state.Path, "ca", "root.crt");
        await using var share = ShareRun.Start(
            app.Upstream(), "--relay", $"https://localhost:{port}", "--token", token.Trim(), "--name", "logs", "--ca", root, "--remote", "allow", "--no-qr");
        await share.WaitForAsync($"online: https://logs.localhost:{port}");
        using var visitor = PublicVisitor.Create(port, System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(root)));
        using var response = await visitor.GetAsync(new Uri($"https://logs.localhost:{port}{path}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (relay, port);
    }
}
