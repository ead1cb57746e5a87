using Porch.Configuration;
using Porch.Hosting;

namespace Porch.Tests.Configuration;

public sealed class ConfigCompilerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("porch-config-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Compile_EveryRuleBroken_ReportsAllErrorsWithPaths()
    {
        var config = new PorchConfig
        {
            Sites =
            [
                new SiteConfig
                {
                    Hosts = ["bad host", "*.ok.example"],
                    Listen = ["localhost:99999", "not-an-ip:80"],
                    Routes =
                    [
                        new RouteConfig { Path = "api" , Upstream = "ftp://x" },
                        new RouteConfig { Path = "/", Root = "./missing", Upstream = "8000" },
                        new RouteConfig { Path = "/files", Root = "./missing", MaxBodySize = "lots" },
                        new RouteConfig { Path = "/slow", Upstream = "8000", UpstreamTimeout = "soon", Browse = true },
                    ],
                },
                new SiteConfig { Listen = [], Routes = [] },
            ],
            AccessLog = new AccessLogConfig { MaxSize = "10", Every = "fortnightly", Keep = 0 },
            Limits = new LimitsConfig { MaxHeaderCount = 0, HeaderTimeout = "x", MaxBodySize = "big" },
        };

        var (compiled, errors) = ConfigCompiler.Compile(config, root, ValidatingHandlerFactory.Instance);

        Assert.Null(compiled);
        var paths = errors.Select(e => e.Path).ToHashSet();
        string[] expected =
        [
            "$.sites[0].hosts[0]", "$.sites[0].listen[0]", "$.sites[0].listen[1]",
            "$.sites[0].routes[0].path", "$.sites[0].routes[0].upstream", "$.sites[0].routes[1]",
            "$.sites[0].routes[2].root", "$.sites[0].routes[2].maxBodySize",
            "$.sites[0].routes[3].upstreamTimeout", "$.sites[0].routes[3].browse",
            "$.sites[1].listen", "$.sites[1].routes",
            "$.accessLog.maxSize", "$.accessLog.every", "$.accessLog.keep", "$.accessLog.path",
            "$.limits.maxHeaderCount", "$.limits.headerTimeout", "$.limits.maxBodySize",
        ];
        Assert.All(expected, p => Assert.Contains(p, paths));
        Assert.DoesNotContain(errors, e => e.Path == "$.sites[0].hosts[1]");
    }

    [Fact]
    public void Compile_TwoSitesClaimSameHostOnOnePort_Rejected()
    {
        var config = new PorchConfig
        {
            Sites =
            [
                new SiteConfig { Name = "a", Hosts = ["x.example"], Listen = ["8080"], Routes = [new RouteConfig { Root = root }] },
                new SiteConfig { Name = "b", Hosts = ["X.example"], Listen = ["*:8080"], Routes = [new RouteConfig { Root = root }] },
                new SiteConfig { Name = "c", Hosts = ["x.example"], Listen = ["9090"], Routes = [new RouteConfig { Root = root }] },
            ],
        };

        var (_, errors) = ConfigCompiler.Compile(config, root, ValidatingHandlerFactory.Instance);

        var error = Assert.Single(errors);
        Assert.Equal("$.sites[1].hosts", error.Path);
        Assert.Contains("site \"a\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ValidConfig_BuildsRoutesListenersAndHostTables()
    {
        var config = new PorchConfig
        {
            Sites =
            [
                new SiteConfig
                {
                    Name = "blog",
                    Hosts = ["blog.example", "*.blog.example"],
                    Listen = ["8080", "127.0.0.1:8080", "*:9090"],
                    Routes = [new RouteConfig { Path = "/api/", Upstream = "5000" }, new RouteConfig { Path = "/", Root = "." }],
                },
                new SiteConfig { Name = "default", Listen = ["9090", "[::1]:7070"], Routes = [new RouteConfig { Root = "." }] },
            ],
        };

        var (compiled, errors) = ConfigCompiler.Compile(config, root, ValidatingHandlerFactory.Instance);

        Assert.Empty(errors);
        Assert.Equal(["localhost:8080", "*:9090", "[::1]:7070"], compiled!.Listeners.Select(l => l.ToString()));
        Assert.Equal("blog", compiled.SelectSite(8080, "BLOG.example")!.Name);
        Assert.Equal("blog", compiled.SelectSite(9090, "www.blog.example")!.Name);
        Assert.Equal("default", compiled.SelectSite(9090, "other.example")!.Name);
        Assert.Null(compiled.SelectSite(8080, "other.example"));
        var blog = compiled.SelectSite(8080, "blog.example")!;
        Assert.Equal("/api", blog.Match("/api/x", out var rest)!.Prefix);
        Assert.Equal("/x", rest);
        Assert.Equal("/", blog.Match("/apix", out _)!.Prefix);
        Assert.Equal(100L << 20, blog.Routes[0].MaxBodySize);
    }

    [Fact]
    public void Compile_OnePortWithAndWithoutProxyProtocol_ReportsTheClash()
    {
        var config = new PorchConfig
        {
            Sites =
            [
                new SiteConfig { Name = "a", Hosts = ["a.example"], Listen = ["8080"], Routes = [new RouteConfig { Root = root }] },
                new SiteConfig
                {
                    Name = "b", Hosts = ["b.example"], Listen = [new ListenConfig("*:8080") { ProxyProtocol = true }],
                    Routes = [new RouteConfig { Root = root }],
                },
            ],
        };

        var (compiled, errors) = ConfigCompiler.Compile(config, root, ValidatingHandlerFactory.Instance);

        Assert.Null(compiled);
        var error = Assert.Single(errors);
        Assert.Equal("$.sites[1].listen[0]", error.Path);
        Assert.Contains("proxyProtocol", error.Message, StringComparison.Ordinal);
        Assert.Contains("$.sites[0].listen[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_ProxyProtocolListener_KeepsTheFlag()
    {
        var config = new PorchConfig
        {
            Sites = [new SiteConfig { Listen = [new ListenConfig("*:8443") { ProxyProtocol = true }], Routes = [new RouteConfig { Root = root }] }],
        };

        var (compiled, errors) = ConfigCompiler.Compile(config, root, ValidatingHandlerFactory.Instance);

        Assert.Empty(errors);
        var listener = Assert.Single(compiled!.Listeners);
        Assert.True(listener.ProxyProtocol);
        Assert.False(listener.Tls);
    }
}
