using System.Net;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

public sealed class LimitsTests : IDisposable
{
    private readonly TestSite site = new();

    [Fact]
    public async Task HeaderCount_OverLimit_Answered431()
    {
        await using var host = await PorchTestHost.StartAsync(Config(new LimitsConfig { MaxHeaderCount = 10 }));
        using var client = host.CreateClient();

        using var few = await client.SendAsync(WithHeaders(count: 5, valueLength: 10));
        using var many = await client.SendAsync(WithHeaders(count: 20, valueLength: 10));

        Assert.Equal(HttpStatusCode.OK, few.StatusCode);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, many.StatusCode);
    }

    [Fact]
    public async Task HeaderSize_OverLimit_Answered431()
    {
        await using var host = await PorchTestHost.StartAsync(Config(new LimitsConfig { MaxHeaderSize = "1KB" }));
        using var client = host.CreateClient();

        using var small = await client.SendAsync(WithHeaders(count: 1, valueLength: 200));
        using var large = await client.SendAsync(WithHeaders(count: 1, valueLength: 2000));

        Assert.Equal(HttpStatusCode.OK, small.StatusCode);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, large.StatusCode);
    }

    [Fact]
    public async Task MaxBodySize_DeclaredLengthOverStaticRouteLimit_Answered413()
    {
        var config = new PorchConfig
        {
            Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Path = "/", Root = site.Root("one"), MaxBodySize = "1KB" }] }],
        };
        await using var host = await PorchTestHost.StartAsync(config);
        using var client = host.CreateClient();

        using var response = await client.PostAsync("/", new ByteArrayContent(new byte[2048]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task MaxBodySize_DeclaredLengthOverLimitBodyNotSent_Answered413AndClosedWithoutWaitingForIt()
    {
        var config = new PorchConfig
        {
            Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Path = "/", Root = site.Root("one"), MaxBodySize = "1KB" }] }],
        };
        await using var host = await PorchTestHost.StartAsync(config);
        using var raw = await RawHttpConnection.ConnectAsync(host.Port);

        await raw.SendAsync("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000000\r\n\r\n");
        var response = await raw.ReadResponseAsync();

        Assert.Equal(413, response.Status);
        Assert.Equal("close", response.Headers["Connection"]);
        // Well before Kestrel's 5 s drain timeout: the body over the limit is not waited for.
        Assert.NotNull(await raw.WaitForCloseAsync(TimeSpan.FromSeconds(4)));
    }

    [Fact]
    public async Task MaxBodySize_PerRoute_LimitsOnlyThatRoute()
    {
        await using var host = await BodyCountingHost.StartAsync(UploadConfig(new LimitsConfig()));
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Port}") };

        using var under = await client.PostAsync("/small", new ByteArrayContent(new byte[512]));
        using var over = await client.PostAsync("/small", new ByteArrayContent(new byte[2048]));
        using var elsewhere = await client.PostAsync("/upload", new ByteArrayContent(new byte[2048]));

        Assert.Equal("512", await under.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
        Assert.Equal("2048", await elsewhere.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MaxBodySize_ChunkedBodyPassesRouteLimitWhileRead_Answered413()
    {
        await using var host = await BodyCountingHost.StartAsync(UploadConfig(new LimitsConfig()));
        using var raw = await RawHttpConnection.ConnectAsync(host.Port);

        // No declared length: the limit can only be enforced while the handler reads.
        await raw.SendAsync("POST /small HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + new string('a', 2048) + "\r\n0\r\n\r\n");
        var response = await raw.ReadResponseAsync();

        Assert.Equal(413, response.Status);
    }

    public void Dispose() => site.Dispose();

    private static HttpRequestMessage WithHeaders(int count, int valueLength)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        for (var i = 0; i < count; i++)
        {
            request.Headers.Add($"X-Test-{i}", new string('v', valueLength));
        }

        return request;
    }

    private PorchConfig Config(LimitsConfig limits) => new()
    {
        Sites = [new SiteConfig { Listen = ["127.0.0.1:0"], Routes = [new RouteConfig { Path = "/", Root = site.Root("one") }] }],
        Limits = limits,
    };

    /// <summary>Upstream routes answered by <see cref="BodyCountingHandler"/>: /small takes 1 KB, /upload the default.</summary>
    internal static PorchConfig UploadConfig(LimitsConfig limits) => new()
    {
        Sites =
        [
            new SiteConfig
            {
                Listen = ["127.0.0.1:0"],
                Routes =
                [
                    new RouteConfig { Path = "/small", Upstream = "127.0.0.1:9", MaxBodySize = "1KB" },
                    new RouteConfig { Path = "/upload", Upstream = "127.0.0.1:9" },
                ],
            },
        ],
        Limits = limits,
    };
}
