using Microsoft.Extensions.Logging;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.StaticFiles;

/// <summary>
/// Every traversal form, written raw on the socket, against a root whose sibling folder holds a secret. Nothing
/// outside the root may come back, and each attempt is logged with the client and the exact request target.
/// </summary>
public sealed class TraversalTests : IAsyncLifetime, IDisposable
{
    private readonly SiteFolder site = new();
    private readonly CapturingLoggerProvider logs = new();
    private ILoggerFactory loggerFactory = null!;
    private PorchTestHost host = null!;

    public async Task InitializeAsync()
    {
        site.Write("index.html", "home");
        site.Write("sub/page.html", "page");
        site.Link("leak.txt", Path.Combine(site.Outside, "secret.txt"));
        site.Link("leak-relative.txt", "../outside/secret.txt");
        site.Link("leak-dir", site.Outside);
        site.Link("sub/up", "../..");
        site.Link("etc", "/etc");
        site.Link("sub/index.html", Path.Combine(site.Outside, "secret.txt"));
        loggerFactory = logs.CreateFactory(LogLevel.Debug);
        host = await PorchTestHost.StartAsync(
            new PorchConfig
            {
                Sites =
                [
                    new SiteConfig
                    {
                        Listen = ["127.0.0.1:0"],
                        Routes = [new RouteConfig { Root = site.Root }, new RouteConfig { Path = "/files", Root = Path.Combine(site.Root, "sub") }],
                    },
                ],
            },
            loggerFactory: loggerFactory);
    }

    [Theory]
    [InlineData("/../outside/secret.txt")]
    [InlineData("/../../../../../../etc/passwd")]
    [InlineData("/sub/../../outside/secret.txt")]
    [InlineData("/./../outside/secret.txt")]
    [InlineData("/%2e%2e/outside/secret.txt")]
    [InlineData("/%2E%2E/%2E%2E/%2E%2E/etc/passwd")]
    [InlineData("/.%2e/outside/secret.txt")]
    [InlineData("/%2e./outside/secret.txt")]
    [InlineData("/sub/%2e%2e/%2e%2e/outside/secret.txt")]
    [InlineData("/%252e%252e/outside/secret.txt")]
    [InlineData("/%252e%252e%252foutside%252fsecret.txt")]
    [InlineData("/..%2foutside%2fsecret.txt")]
    [InlineData("/..%2Foutside/secret.txt")]
    [InlineData("/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("/..\\outside\\secret.txt")]
    [InlineData("/..%5coutside%5csecret.txt")]
    [InlineData("/%c0%ae%c0%ae/outside/secret.txt")]
    [InlineData("/%c0%ae%c0%ae%c0%afoutside%c0%afsecret.txt")]
    [InlineData("/%e0%80%ae%e0%80%ae/outside/secret.txt")]
    [InlineData("/%c1%9c..%c1%9coutside")]
    [InlineData("/index.html%0a%0dX-Injected:1")]
    [InlineData("http://127.0.0.1/../outside/secret.txt")]
    [InlineData("http://127.0.0.1/%2e%2e/outside/secret.txt")]
    [InlineData("/files/../outside/secret.txt")]
    [InlineData("/files/%2e%2e/%2e%2e/outside/secret.txt")]
    [InlineData("/leak.txt")]
    [InlineData("/leak-relative.txt")]
    [InlineData("/leak-dir/secret.txt")]
    [InlineData("/sub/up/outside/secret.txt")]
    [InlineData("/files/up/outside/secret.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("/sub/")]
    public async Task Get_TraversalForm_Is404AndLogged(string target)
    {
        var (status, response) = await RawHttpConnection.ExchangeUntilCloseAsync(host.Port, target);

        Assert.Equal(404, status);
        AssertNothingLeaked(response);
        var warning = await WaitForWarningAsync(target);
        Assert.Contains("127.0.0.1", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/index.html%00.txt")]
    [InlineData("/%00/../outside/secret.txt")]
    [InlineData("/..%00/outside/secret.txt")]
    public async Task Get_NulByte_IsRejectedByKestrelBeforeAnyHandler(string target)
    {
        // Kestrel answers 400 to an encoded NUL while parsing the request line; the guard never sees it.
        var (status, response) = await RawHttpConnection.ExchangeUntilCloseAsync(host.Port, target);

        Assert.Equal(400, status);
        AssertNothingLeaked(response);
    }

    [Theory]
    [InlineData("/index.html", "home")]
    [InlineData("/sub/page.html", "page")]
    [InlineData("/files/page.html", "page")]
    [InlineData("//sub//page.html", "page")]
    public async Task Get_OrdinaryPathsOnTheSameServer_StillWork(string target, string body)
    {
        var (status, response) = await RawHttpConnection.ExchangeUntilCloseAsync(host.Port, target);

        Assert.Equal(200, status);
        Assert.EndsWith("\r\n\r\n" + body, response, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        loggerFactory.Dispose();
    }

    public void Dispose() => site.Dispose();

    private static void AssertNothingLeaked(string response)
    {
        Assert.DoesNotContain(SiteFolder.Secret, response, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", response, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Injected", response, StringComparison.Ordinal);
    }

    private async Task<string> WaitForWarningAsync(string target)
    {
        // The response is written after the warning, so it is there already; the wait only guards against reordering.
        var warning = await logs.WaitForAsync(
            e => e.EventId == 200 && e.Level == LogLevel.Warning && e.Message.EndsWith(": " + target, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        return warning.Message;
    }
}
