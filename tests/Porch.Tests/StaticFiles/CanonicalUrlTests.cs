using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.StaticFiles;

/// <summary>Repeated slashes name the same file, and folder redirects (also of a route's bare prefix) stay on this host.</summary>
public sealed class CanonicalUrlTests : IDisposable
{
    private readonly SiteFolder site = new();

    public void Dispose() => site.Dispose();

    [Theory]
    [InlineData("//robots.txt", "User-agent: *")]
    [InlineData("/docs//a.txt?x=1", "a")]
    public async Task RepeatedSlashes_ServeTheSameFile(string target, string body)
    {
        site.Write("robots.txt", "User-agent: *");
        site.Write("docs/a.txt", "a");
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Root = site.Root });

        var (status, response) = await RawHttpConnection.ExchangeUntilCloseAsync(host.Port, target);

        Assert.Equal(200, status);
        Assert.EndsWith("\r\n\r\n" + body, response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//docs", "/docs/")]
    [InlineData("///docs//sub", "/docs/sub/")]
    public async Task FolderWithRepeatedSlashes_RedirectStaysOnThisHost(string target, string location)
    {
        site.Write("docs/sub/a.txt", "a");
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Root = site.Root });

        var (status, response) = await RawHttpConnection.ExchangeUntilCloseAsync(host.Port, target);

        Assert.Equal(301, status);
        Assert.Contains($"\r\nLocation: {location}\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoutePrefixWithoutSlash_RedirectsToTheSlashForm_EvenWhenTheIndexIsCached()
    {
        site.Write("index.html", "<a href=\"app.js\">app</a>");
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Path = "/static", Root = site.Root });

        var (first, _) = await RawHttpConnection.ExchangeUntilCloseAsync(host.Port, "/static/");
        var (status, response) = await RawHttpConnection.ExchangeUntilCloseAsync(host.Port, "/static?v=2");

        Assert.Equal(200, first);
        Assert.Equal(301, status);
        Assert.Contains("\r\nLocation: /static/?v=2\r\n", response, StringComparison.Ordinal);
    }
}
