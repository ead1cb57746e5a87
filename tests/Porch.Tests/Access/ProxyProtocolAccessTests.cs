using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Access;

/// <summary>
/// The policy judges the client a trusted proxy names in its PROXY header, not the proxy's socket: the test connects
/// from loopback (trusted) and sends a v1 header for a documentation address, as HAProxy's send-proxy does.
/// </summary>
public sealed class ProxyProtocolAccessTests : IDisposable
{
    private readonly TempDirectory site = new();

    public ProxyProtocolAccessTests() => File.WriteAllText(site.File("index.html"), "<p>hello</p>");

    public void Dispose() => site.Dispose();

    private Task<PorchTestHost> StartAsync(AccessConfig? access) => PorchTestHost.StartAsync(new PorchConfig
    {
        TrustedProxies = ["127.0.0.1"],
        Sites =
        [
            new SiteConfig
            {
                Listen = [new ListenConfig("127.0.0.1:0") { ProxyProtocol = true }], Routes = [new RouteConfig { Root = site.Path }], Access = access,
            },
        ],
    });

    private static async Task<RawResponse> GetAsync(PorchTestHost host, string client)
    {
        using var connection = await RawHttpConnection.ConnectAsync(host.Port);
        await connection.SendAsync($"PROXY TCP4 {client} 127.0.0.1 40000 {host.Port}\r\nGET / HTTP/1.1\r\nHost: blog\r\n\r\n");
        return await connection.ReadResponseAsync();
    }

    [Theory]
    [InlineData("203.0.113.7", 403)]
    [InlineData("127.0.0.1", 200)]
    public async Task DefaultPolicy_RemoteClientBehindTheProxy_Refused(string client, int expected)
    {
        await using var host = await StartAsync(null);

        Assert.Equal(expected, (await GetAsync(host, client)).Status);
    }

    [Fact]
    public async Task DenyList_AppliesToTheAddressInTheHeader()
    {
        await using var host = await StartAsync(new AccessConfig { Remote = "allow", Deny = ["203.0.113.0/30"] });

        Assert.Equal(403, (await GetAsync(host, "203.0.113.2")).Status);
        Assert.Equal(200, (await GetAsync(host, "203.0.113.5")).Status);
    }

    [Fact]
    public async Task RemotePassword_PlainHttpBehindTheProxy_NoPromptInTheClear()
    {
        await using var host = await StartAsync(new AccessConfig { Users = ["bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ="] });

        var response = await GetAsync(host, "203.0.113.7");

        Assert.Equal(403, response.Status);
        Assert.False(response.Headers.ContainsKey("WWW-Authenticate"));
    }
}
