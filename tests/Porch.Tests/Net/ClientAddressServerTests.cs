using Porch.Configuration;
using Porch.Tests.Forwarding;
using Porch.Tests.Support;

namespace Porch.Tests.Net;

/// <summary>The real client address over real sockets: what the access log records and what the upstream is told.</summary>
public class ClientAddressServerTests
{
    [Fact]
    public async Task TrustedPeer_XForwardedFor_RealClientInLogAndUpstreamChain()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await StartAsync(backend, "127.0.0.0/8");
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?xff");
        request.Headers.Add("X-Forwarded-For", "198.51.100.1, 203.0.113.7");
        request.Headers.Add("Forwarded", "for=192.0.2.200");

        var echo = await EchoedRequest.ReadAsync(await client.SendAsync(request));

        Assert.StartsWith("203.0.113.7 - - [", await host.AccessLog.WaitForLineAsync(l => l.Contains("?xff", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("203.0.113.7, 127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal($"for=203.0.113.7, for=127.0.0.1;proto=http;host=\"127.0.0.1:{host.Port}\"", echo.Header("Forwarded"));
    }

    [Fact]
    public async Task TrustedPeer_OnlyForwarded_IsReadInstead()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await StartAsync(backend, "127.0.0.1");
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?fwd");
        request.Headers.Add("Forwarded", "for=\"[2001:db8::7]:4711\";proto=https");

        var echo = await EchoedRequest.ReadAsync(await client.SendAsync(request));

        Assert.StartsWith("2001:db8::7 - - [", await host.AccessLog.WaitForLineAsync(l => l.Contains("?fwd", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("2001:db8::7, 127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.StartsWith("for=\"[2001:db8::7]\", for=127.0.0.1;proto=http;", echo.Header("Forwarded"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UntrustedPeer_ForwardedHeaders_IgnoredAndNotPassedOn()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await StartAsync(backend, "10.0.0.0/8", "2001:db8::/32");
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?forged");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("Forwarded", "for=203.0.113.7");

        var echo = await EchoedRequest.ReadAsync(await client.SendAsync(request));

        Assert.StartsWith("127.0.0.1 - - [", await host.AccessLog.WaitForLineAsync(l => l.Contains("?forged", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.StartsWith("for=127.0.0.1;proto=http;", echo.Header("Forwarded"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustedPeer_SeveralRequestsOnOneConnection_EachDecidedFromItsOwnHeaders()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await StartAsync(backend, "127.0.0.1");
        using var client = host.CreateClient();

        using var first = new HttpRequestMessage(HttpMethod.Get, "/?first");
        first.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var firstEcho = await EchoedRequest.ReadAsync(await client.SendAsync(first));
        var secondEcho = await EchoedRequest.ReadAsync(await client.GetAsync("/?second"));

        Assert.Equal("203.0.113.7, 127.0.0.1", firstEcho.Header("X-Forwarded-For"));
        Assert.Equal("127.0.0.1", secondEcho.Header("X-Forwarded-For"));
        Assert.StartsWith("127.0.0.1 - - [", await host.AccessLog.WaitForLineAsync(l => l.Contains("?second", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private static Task<PorchTestHost> StartAsync(Backend backend, params string[] trusted) => PorchTestHost.StartAsync(new PorchConfig
    {
        TrustedProxies = trusted,
        Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Upstream = backend.Upstream() }] }],
    });
}
