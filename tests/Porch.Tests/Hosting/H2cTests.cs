using System.Net;
using System.Net.Sockets;
using System.Text;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

public sealed class H2cTests : IDisposable
{
    private readonly TestSite site = new();

    [Fact]
    public async Task PriorKnowledge_Http2AndHttp11OnOnePort_BothServed()
    {
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Path = "/", Root = site.Root("one") });
        using var http2 = host.CreateClient(HttpVersion.Version20);
        using var raw = await RawHttpConnection.ConnectAsync(host.Port);

        using var response = await http2.GetAsync("/");
        var http11 = await raw.GetAsync("/");

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("one", await response.Content.ReadAsStringAsync());
        Assert.Equal(200, http11.Status);
        Assert.Equal("one", http11.Text);
        await host.AccessLog.WaitForLineAsync(l => l.StartsWith("127.0.0.1 ", StringComparison.Ordinal) && l.Contains("\"GET / HTTP/2\" 200", StringComparison.Ordinal));
        await host.AccessLog.WaitForLineAsync(l => l.Contains("\"GET / HTTP/1.1\" 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PriorKnowledge_ManyStreamsOnOneConnection_AllAnswered()
    {
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Path = "/", Root = site.Root("one") });
        using var http2 = host.CreateClient(HttpVersion.Version20);

        var bodies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => http2.GetStringAsync("/")));

        Assert.All(bodies, b => Assert.Equal("one", b));
    }

    [Fact]
    public async Task PriorKnowledge_SiteOnSecondPort_RoutedByTheRealLocalPort()
    {
        var port = FreePort.Allocate();
        var config = new PorchConfig
        {
            Sites =
            [
                new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Path = "/", Root = site.Root("first") }] },
                new SiteConfig { Listen = [$"127.0.0.1:{port}"], Routes = [new RouteConfig { Path = "/", Root = site.Root("second") }] },
            ],
        };
        await using var host = await PorchTestHost.StartAsync(config);
        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var first = await http2.GetAsync(host.BaseAddress);
        using var second = await http2.GetAsync($"http://127.0.0.1:{port}/");

        Assert.Equal(HttpVersion.Version20, second.Version);
        Assert.Equal("first", await first.Content.ReadAsStringAsync());
        Assert.Equal("second", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Start_CleartextListener_NoHttp2DisabledWarning()
    {
        using var log = new CapturingLoggerProvider();
        using var loggerFactory = log.CreateFactory();
        await using var host = await PorchTestHost.StartAsync(
            new PorchConfig { Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Path = "/", Root = site.Root("one") }] }] },
            loggerFactory: loggerFactory);
        using var http2 = host.CreateClient(HttpVersion.Version20);

        Assert.Equal("one", await http2.GetStringAsync("/"));

        // Kestrel's own connection log proves this capture sees Kestrel; its HTTP/2 warning must not be among it.
        await log.WaitForAsync(e => e.Category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains("HTTP/2 is not enabled", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task Preface_CutOffByEndOfInput_ClosedAtOnceNotServedAsHttp2()
    {
        var config = new PorchConfig
        {
            Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Path = "/", Root = site.Root("one") }] }],
            Limits = new LimitsConfig { HeaderTimeout = "60s" },
        };
        await using var host = await PorchTestHost.StartAsync(config);
        using var raw = await RawHttpConnection.ConnectAsync(host.Port);

        await raw.SendAsync("PRI * HTTP/2.0\r\n\r\n");
        raw.ShutdownSend();
        var received = await raw.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        // Half a preface then end of input is not HTTP/2: it goes to HTTP/1.1, which closes on the incomplete
        // request, instead of the connection waiting out the header timeout in the middleware or HTTP/2 answering
        // with its SETTINGS frame (9-byte header, type 0x4 at offset 3; RFC 9113 §4.1).
        Assert.NotNull(received);
        Assert.False(received!.Length >= 9 && received[3] == '\x04', "HTTP/2 answered a cut-off preface");
    }

    [Fact]
    public async Task Preface_SentSlowlyPastHeaderTimeout_ConnectionClosed()
    {
        var config = new PorchConfig
        {
            Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Path = "/", Root = site.Root("one") }] }],
            Limits = new LimitsConfig { HeaderTimeout = "2s" },
        };
        await using var host = await PorchTestHost.StartAsync(config);
        using var raw = await RawHttpConnection.ConnectAsync(host.Port);
        var closed = raw.WaitForCloseAsync(TimeSpan.FromSeconds(20));
        var started = DateTime.UtcNow;

        // One byte a second would take 24 s for the whole preface.
        foreach (var b in Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"))
        {
            if (closed.IsCompleted || !await TrySendAsync(raw, b))
            {
                break;
            }

            await Task.WhenAny(closed, Task.Delay(TimeSpan.FromSeconds(1)));
        }

        Assert.NotNull(await closed);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
    }

    public void Dispose() => site.Dispose();

    private static async Task<bool> TrySendAsync(RawHttpConnection raw, byte b)
    {
        try
        {
            await raw.SendAsync([b]);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
