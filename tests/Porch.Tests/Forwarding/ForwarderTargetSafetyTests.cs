using Microsoft.AspNetCore.Http;
using Porch.Configuration;
using Porch.Forwarding;
using Porch.Tests.Support;

namespace Porch.Tests.Forwarding;

/// <summary>The upstream sees only requests the route covers, and only the protocols Porch can account for.</summary>
public class ForwarderTargetSafetyTests
{
    [Theory]
    [InlineData("/../tenant2/secret")]
    [InlineData("/a/./b")]
    [InlineData("/%2e%2e/tenant2/secret")]
    [InlineData("/a/%2E%2e/b?x=1")]
    [InlineData("/a/.%2e")]
    [InlineData("/..")]
    public void DotSegments_InThePath_Found(string target) => Assert.True(DotSegments.In(target));

    [Theory]
    [InlineData("/")]
    [InlineData("/a/b.c/...")]
    [InlineData("/.well-known/acme")]
    [InlineData("/a?next=/../b")]
    [InlineData("/a/%2e%2e%2e")]
    [InlineData("/file..txt")]
    public void DotSegments_NotSegments_NotFound(string target) => Assert.False(DotSegments.In(target));

    [Theory]
    [InlineData("/../tenant2/secret")]
    [InlineData("/x/%2e%2e/%2e%2e/tenant2/secret")]
    public async Task DotSegmentTarget_WithUpstreamBasePath_RefusedAndNeverForwarded(string target)
    {
        var reached = 0;
        await using var backend = await Backend.StartAsync(context =>
        {
            Interlocked.Increment(ref reached);
            return Task.CompletedTask;
        });
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() + "/tenant1" });

        var response = await RawHttpConnection.ExchangeAsync(host.Port, $"GET {target} HTTP/1.1\r\nHost: app.test\r\n\r\n");

        Assert.Equal(StatusCodes.Status400BadRequest, response.Status);
        Assert.Equal(0, reached);
    }

    [Fact]
    public async Task UpgradeToH2c_FromClient_ForwardedAsAnOrdinaryRequestWithoutUpgrade()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });

        var response = await RawHttpConnection.ExchangeAsync(host.Port,
            "GET /api/x HTTP/1.1\r\nHost: app.test\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n" +
            "HTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Contains("\"Target\":\"/api/x\"", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Upgrade\"", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("HTTP2-Settings", response.Text, StringComparison.OrdinalIgnoreCase);
    }
}
