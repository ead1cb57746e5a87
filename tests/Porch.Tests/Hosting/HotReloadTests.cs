using System.Net;
using Microsoft.Extensions.Logging;
using Porch.Configuration;
using Porch.Hosting;
using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

public sealed class HotReloadTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);
    private readonly TestSite site = new();

    [Fact]
    public async Task Reload_NewRoutesAndListener_OpenConnectionKeepsWorking()
    {
        var portB = FreePort.Allocate();
        await using var host = await PorchTestHost.StartAsync(OneSite(["127.0.0.1:0"], new RouteConfig { Path = "/", Root = site.Root("one") }));
        using var keepAlive = await RawHttpConnection.ConnectAsync(host.Port);
        Assert.Equal("one", (await keepAlive.GetAsync("/")).Text);

        var withB = OneSite(
            ["127.0.0.1:0", $"127.0.0.1:{portB}"],
            new RouteConfig { Path = "/", Root = site.Root("two") },
            new RouteConfig { Path = "/old", Root = site.Root("one") });
        Assert.Empty(await host.ReloadAsync(withB));

        // Kestrel binds added listeners in the background after the swap.
        Assert.True(await Poll.UntilAsync(async () => !await FreePort.RefusesAsync(portB), Bound), "listener B never came up");
        Assert.Equal("two", (await keepAlive.GetAsync("/")).Text);
        Assert.Equal("one", (await keepAlive.GetAsync("/old/")).Text);
        using (var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact })
        {
            using var fromB = await http2.GetAsync($"http://127.0.0.1:{portB}/old/");
            Assert.Equal(HttpVersion.Version20, fromB.Version);
            Assert.Equal("one", await fromB.Content.ReadAsStringAsync());
        }

        Assert.Empty(await host.ReloadAsync(OneSite(["127.0.0.1:0"], new RouteConfig { Path = "/", Root = site.Root("three") })));

        Assert.True(await Poll.UntilAsync(() => FreePort.RefusesAsync(portB), Bound), "listener B was never removed");
        Assert.Equal("three", (await keepAlive.GetAsync("/")).Text);
    }

    [Fact]
    public async Task Reload_ListenerRemoved_Http2ConnectionClosedGracefully()
    {
        var portB = FreePort.Allocate();
        var root = new RouteConfig { Path = "/", Root = site.Root("one") };
        await using var host = await PorchTestHost.StartAsync(OneSite(["127.0.0.1:0", $"127.0.0.1:{portB}"], root));
        using var http2 = await RawHttp2Connection.ConnectAsync(portB);
        Assert.NotNull(await http2.ReadUntilAsync(RawHttp2Connection.Settings, Bound));

        Assert.Empty(await host.ReloadAsync(OneSite(["127.0.0.1:0"], root)));

        // Graceful: GOAWAY with NO_ERROR (RFC 9113 §6.8). Were the close request not passed on to HTTP/2, Kestrel
        // would abort the socket after its 5 s reload grace instead, and no GOAWAY would arrive.
        var goAway = await http2.ReadUntilAsync(RawHttp2Connection.GoAway, Bound);
        Assert.NotNull(goAway);
        Assert.Equal(0u, RawHttp2Connection.ErrorCode(goAway!));
    }

    [Fact]
    public async Task Reload_InvalidFileWritten_RejectedWithEveryErrorAndOldConfigServes()
    {
        var file = Path.Combine(site.Path, "porch.json");
        site.Root("one");
        site.Root("two");
        await File.WriteAllTextAsync(file, """{ "sites": [ { "listen": ["127.0.0.1:0"], "routes": [ { "path": "/", "root": "./one" } ] } ] }""");
        var (config, readErrors) = ConfigReader.ReadFile(file);
        Assert.Empty(readErrors);
        using var log = new CapturingLoggerProvider();
        using var loggerFactory = log.CreateFactory();
        await using var host = await PorchTestHost.StartAsync(config!, site.Path);
        using var handlers = new HandlerFactory(loggerFactory);
        var reloader = new ConfigReloader(host.Server, file, site.Path, handlers, loggerFactory.CreateLogger("Porch"));
        using var watcher = new ConfigWatcher(file, reloader.Reload);
        using var client = host.CreateClient();

        await File.WriteAllTextAsync(file, """
            {
              "sites": [ { "listen": ["127.0.0.1:99999"], "routes": [ { "path": "no-slash", "root": "./missing" } ] } ],
              "limits": { "maxHeaderCount": 0 }
            }
            """);
        var rejected = await log.WaitForAsync(e => e.EventId == 2, Bound);

        Assert.Equal(LogLevel.Error, rejected.Level);
        Assert.Contains("4 error(s)", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("$.sites[0].listen[0]", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("$.sites[0].routes[0].path", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("$.sites[0].routes[0].root", rejected.Message, StringComparison.Ordinal);
        Assert.Contains("$.limits.maxHeaderCount", rejected.Message, StringComparison.Ordinal);
        Assert.Equal("one", await client.GetStringAsync("/"));

        // The same watcher applies the next valid edit.
        await File.WriteAllTextAsync(file, """{ "sites": [ { "listen": ["127.0.0.1:0"], "routes": [ { "path": "/", "root": "./two" } ] } ] }""");
        Assert.True(await Poll.UntilAsync(async () => await client.GetStringAsync("/") == "two", Bound), "the valid edit was never applied");
    }

    [Fact]
    public async Task Reload_BrokenJson_RejectedAndOldConfigServes()
    {
        var file = Path.Combine(site.Path, "porch.json");
        site.Root("one");
        await File.WriteAllTextAsync(file, """{ "sites": [ { "listen": ["127.0.0.1:0"], "routes": [ { "path": "/", "root": "./one" } ] } ] }""");
        var (config, _) = ConfigReader.ReadFile(file);
        using var log = new CapturingLoggerProvider();
        using var loggerFactory = log.CreateFactory();
        await using var host = await PorchTestHost.StartAsync(config!, site.Path);
        using var handlers = new HandlerFactory(loggerFactory);
        var reloader = new ConfigReloader(host.Server, file, site.Path, handlers, loggerFactory.CreateLogger("Porch"));

        await File.WriteAllTextAsync(file, """{ "sites": [ { "listen": ["127.0.0.1:0"], """);
        var errors = await reloader.ReloadAsync();

        var error = Assert.Single(errors);
        Assert.Contains("not valid JSON", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(log.Entries, e => e.EventId == 2 && e.Message.Contains("not valid JSON", StringComparison.Ordinal));
        using var client = host.CreateClient();
        Assert.Equal("one", await client.GetStringAsync("/"));
    }

    public void Dispose() => site.Dispose();

    private static PorchConfig OneSite(string[] listen, params RouteConfig[] routes) =>
        new() { Sites = [new SiteConfig { Listen = [.. listen.Select(ListenConfig.FromString)], Routes = routes }] };
}
