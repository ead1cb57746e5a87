using System.Net;
using System.Text.Json;
using Porch.Tests.Forwarding;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Client;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>
/// <c>porch relay</c> and <c>porch share</c> as users run them (both commands in-process, real sockets, the local CA
/// exported by the relay's state folder), with public requests dialled to 127.0.0.1 as curl's --resolve does.
/// </summary>
public sealed class RelayEndToEndTests
{
    [Fact]
    public async Task RelayAndShare_PublicRequest_ReachesTheAppThenShutdownIsReported()
    {
        using var state = new TempDirectory("porch-relay-e2e-");
        await using var app = await Backend.StartEchoAsync();
        var (exit, token, _) = await RelayRun.RunAsync("relay", "token", "add", "laptop", "--state", state.Path);
        Assert.Equal(0, exit);
        token = token.Trim();

        await using var relay = RelayRun.Start("relay", "--domain", "localhost", "--port", "0", "--bind", "127.0.0.1", "--tls", "internal", "--state", state.Path);
        var port = await relay.PortAsync();
        Assert.Contains(relay.Err.Lines(), l => l.Contains($"each tunnel gets https://NAME.localhost:{port}", StringComparison.Ordinal));

        await using var share = ShareRun.Start(
            app.Upstream(), "--relay", $"https://localhost:{port}", "--token", token, "--name", "demo",
            "--ca", Path.Combine(state.Path, "ca", "root.crt"), "--remote", "allow", "--no-qr");
        await share.WaitForAsync($"online: https://demo.localhost:{port}");

        var root = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
            await File.ReadAllTextAsync(Path.Combine(state.Path, "ca", "root.crt")));
        using var visitor = PublicVisitor.Create(port, root);
        using var response = await visitor.GetAsync(new Uri($"https://demo.localhost:{port}/hello?x=1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = JsonSerializer.Deserialize<EchoedRequest>(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("/hello?x=1", echo.Target);
        Assert.Equal("127.0.0.1", echo.Headers["X-Forwarded-For"].Single());
        Assert.Equal("https", echo.Headers["X-Forwarded-Proto"].Single());

        var (statusExit, status, _) = await RelayRun.RunAsync("relay", "status", "--state", state.Path);
        Assert.Equal(0, statusExit);
        Assert.Contains("demo", status, StringComparison.Ordinal);

        await relay.StopAsync();
        await share.Err.WaitForLineAsync(l => l.Contains("shutdown", StringComparison.OrdinalIgnoreCase) || l.Contains("shutting down", StringComparison.OrdinalIgnoreCase),
            TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Relay_WithoutDomain_ExplainsAndExits2()
    {
        using var state = new TempDirectory("porch-relay-e2e-");
        var (exit, _, error) = await RelayRun.RunAsync("relay", "--port", "0", "--bind", "127.0.0.1", "--state", state.Path);
        Assert.Equal(2, exit);
        Assert.Contains("--domain DOMAIN is needed", error, StringComparison.Ordinal);
    }
}
