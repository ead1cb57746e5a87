using System.Net.Sockets;
using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Tests.Hosting;

public class StartupBannerRoutesTests
{
    [Fact]
    public void Lines_LocalhostBinding_ListsBothLoopbackAddresses()
    {
        var urls = StartupBanner.Lines(["http://localhost:8080"], [], "", _ => false).Select(l => l.Url).ToList();

        Assert.Contains("http://localhost:8080", urls);
        Assert.Contains("http://127.0.0.1:8080", urls);
        Assert.Equal(Socket.OSSupportsIPv6, urls.Contains("http://[::1]:8080"));
    }

    [Fact]
    public void Print_WithConfig_SaysWhatEachRouteServes()
    {
        var config = new PorchConfig
        {
            Sites =
            [
                new SiteConfig { Name = "blog", Hosts = ["blog.example"], Routes = [new RouteConfig { Path = "/api", Upstream = "5000" }, new RouteConfig { Root = "/srv/blog" }] },
                new SiteConfig { Name = "files", Routes = [new RouteConfig { Root = "/srv/files" }] },
            ],
        };
        var output = new StringWriter();

        StartupBanner.Print(output, StartupBanner.Lines(["http://127.0.0.1:8080"], [], "", _ => false), lan: false, config);

        var text = output.ToString();
        Assert.Contains("blog for blog.example:", text, StringComparison.Ordinal);
        Assert.Contains("/api → the app at http://127.0.0.1:5000/", text, StringComparison.Ordinal);
        Assert.Contains("/ → files in /srv/blog", text, StringComparison.Ordinal);
        Assert.Contains("files:", text, StringComparison.Ordinal);
    }
}
