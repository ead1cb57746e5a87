using System.Net;
using System.Security.Cryptography.X509Certificates;
using Porch.Tests.Forwarding;
using Porch.Tests.Support;
using Porch.Tests.Tunnel.Client;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>
/// What a visitor of <c>porch relay --tls internal</c> sees (both commands in-process, real sockets, visitors dialled
/// to 127.0.0.1 with SNI as curl's --resolve does): server-sent events through a tunnel, and the 404 page of a name
/// that is not connected.
/// </summary>
public sealed class RelayVisitorTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly TempDirectory state = new("porch-relay-visitor-");
    private RelayRun relay = null!;
    private int port;
    private X509Certificate2 root = null!;

    public async Task InitializeAsync()
    {
        relay = RelayRun.Start("relay", "--domain", "localhost", "--port", "0", "--bind", "127.0.0.1", "--tls", "internal", "--state", state.Path);
        port = await relay.PortAsync();
        root = X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(Path.Combine(state.Path, "ca", "root.crt")));
    }

    public async Task DisposeAsync()
    {
        await relay.DisposeAsync();
        root.Dispose();
        state.Dispose();
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task EventStream_ThroughTheTunnel_HeadAndEachEventArriveBeforeTheAppsNextWrite(string version)
    {
        await using var app = await EventApp.StartAsync();
        await using var share = await ShareAsync(app.Backend.Upstream(), "events");
        using var visitor = PublicVisitor.Create(port, root, Version.Parse(version));

        var (response, body) = await EventApp.OpenAsync(visitor, new Uri($"https://events.localhost:{port}/stream"), Wait);
        using (response)
        {
            await app.AssertStreamsAsync(response, body, Wait);
        }
    }

    [Fact]
    public async Task UnknownName_OverHttps_HandshakeCompletesAndThe404PageNamesIt()
    {
        using var visitor = PublicVisitor.Create(port, root);

        using var response = await visitor.GetAsync(new Uri($"https://nobody.localhost:{port}/"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No tunnel named nobody is connected to this relay", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NameThatWentOffline_OverHttps_Gets404()
    {
        await using var app = await Backend.StartEchoAsync();
        var share = await ShareAsync(app.Upstream(), "brief");
        using var visitor = PublicVisitor.Create(port, root);
        using (var online = await visitor.GetAsync(new Uri($"https://brief.localhost:{port}/")))
        {
            Assert.Equal(HttpStatusCode.OK, online.StatusCode);
        }

        await share.DisposeAsync();
        var offline = await Poll.UntilAsync(async () =>
        {
            using var fresh = PublicVisitor.Create(port, root);
            using var response = await fresh.GetAsync(new Uri($"https://brief.localhost:{port}/"));
            return response.StatusCode == HttpStatusCode.NotFound;
        }, Wait);

        Assert.True(offline, "the name still answered after its share stopped");
    }

    private async Task<ShareRun> ShareAsync(string target, string name)
    {
        var (exit, token, _) = await RelayRun.RunAsync("relay", "token", "add", name, "--state", state.Path);
        Assert.Equal(0, exit);
        var share = ShareRun.Start(target, "--relay", $"https://localhost:{port}", "--token", token.Trim(), "--name", name,
            "--ca", Path.Combine(state.Path, "ca", "root.crt"), "--remote", "allow", "--no-qr");
        await share.WaitForAsync($"online: https://{name}.localhost:{port}");
        return share;
    }
}
