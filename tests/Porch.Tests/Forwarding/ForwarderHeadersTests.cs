using System.Text;
using System.Text.Json;
using Porch.Configuration;
using Porch.Tests.Support;

namespace Porch.Tests.Forwarding;

public class ForwarderHeadersTests
{
    [Fact]
    public async Task Request_EndToEndHeaders_ReachTheAppUnchanged()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/things?id=7");
        request.Headers.Add("X-Custom", "one");
        request.Headers.Add("Authorization", "Bearer t0k3n");
        request.Headers.Add("Accept", ["text/html", "application/json"]);

        var echo = await EchoedRequest.ReadAsync(await client.SendAsync(request));

        Assert.Equal("GET", echo.Method);
        Assert.Equal("/things?id=7", echo.Target);
        Assert.Equal("HTTP/1.1", echo.Protocol);
        Assert.Equal("one", echo.Header("X-Custom"));
        Assert.Equal("Bearer t0k3n", echo.Header("Authorization"));
        Assert.Equal("text/html, application/json", echo.Header("Accept"));
    }

    [Fact]
    public async Task Request_HopByHopHeaders_AreRemoved()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });

        // Kestrel 10 reduces a Connection value that contains keep-alive or close to just that token, so the
        // header it names survives only when those are absent: the case tested here.
        var response = await RawHttpConnection.ExchangeAsync(host.Port,
            "GET /hop HTTP/1.1\r\nHost: app.test\r\nConnection: X-Hop\r\nX-Hop: secret\r\n" +
            "Keep-Alive: timeout=5\r\nProxy-Connection: keep-alive\r\nTE: trailers, deflate;q=0.5\r\n" +
            "Proxy-Authorization: Basic cG9yY2g6cG9yY2g=\r\nX-Kept: yes\r\n\r\n");
        var echo = JsonSerializer.Deserialize<EchoedRequest>(response.Text)!;
        echo = echo with { Headers = new(echo.Headers, StringComparer.OrdinalIgnoreCase) };

        Assert.Equal(200, response.Status);
        Assert.Null(echo.Header("Connection"));
        Assert.Null(echo.Header("X-Hop"));
        Assert.Null(echo.Header("Keep-Alive"));
        Assert.Null(echo.Header("Proxy-Connection"));
        Assert.Null(echo.Header("Proxy-Authorization"));
        Assert.Equal("trailers", echo.Header("TE"));
        Assert.Equal("yes", echo.Header("X-Kept"));
    }

    [Fact]
    public async Task Request_ForwardedHeadersFromUntrustedClient_ReplacedByTheRealClientAndProtoAndHost()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "spoofed.example");
        request.Headers.Add("Forwarded", "for=203.0.113.7;proto=https");

        var echo = await EchoedRequest.ReadAsync(await client.SendAsync(request));

        var authority = $"127.0.0.1:{host.Port}";
        // No trusted proxy is configured, so the client's own claims are not passed on (ClientAddressServerTests).
        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal("http", echo.Header("X-Forwarded-Proto"));
        Assert.Equal(authority, echo.Header("X-Forwarded-Host"));
        Assert.Equal($"for=127.0.0.1;proto=http;host=\"{authority}\"", echo.Header("Forwarded"));
    }

    [Fact]
    public async Task Request_FirstHop_GetsOnlyPorchsForwardedEntries()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient();

        var echo = await EchoedRequest.ReadAsync(await client.GetAsync("/"));

        Assert.Equal("127.0.0.1", echo.Header("X-Forwarded-For"));
        Assert.Equal($"for=127.0.0.1;proto=http;host=\"127.0.0.1:{host.Port}\"", echo.Header("Forwarded"));
    }

    [Fact]
    public async Task Request_HostHeader_PassesThroughUnchanged()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "blog.example.test";

        var echo = await EchoedRequest.ReadAsync(await client.SendAsync(request));

        Assert.Equal("blog.example.test", echo.Header("Host"));
        Assert.Equal("blog.example.test", echo.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task Request_OddTarget_ReachesTheAppByteForByte()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        const string target = "/files/a%2Fb/%7Euser/x%20y;v=1?q=%41%2b+b&empty=&flag";

        var response = await RawHttpConnection.ExchangeAsync(host.Port, $"GET {target} HTTP/1.1\r\nHost: app.test\r\n\r\n");

        Assert.Equal(200, response.Status);
        Assert.Equal(target, JsonSerializer.Deserialize<EchoedRequest>(response.Text)!.Target);
    }

    [Fact]
    public async Task Request_UpstreamWithBasePath_PrefixesTheTarget()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(
            new RouteConfig { Path = "/api", Upstream = backend.Upstream() + "/base/" });
        using var client = host.CreateClient();

        var echo = await EchoedRequest.ReadAsync(await client.GetAsync("/api/users?page=2"));

        Assert.Equal("/base/api/users?page=2", echo.Target);
    }

    [Fact]
    public async Task Request_PostBody_ArrivesWithItsContentHeaders()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient();
        using var content = new StringContent("{\"name\":\"porch\"}", Encoding.UTF8, "application/json");
        content.Headers.ContentLanguage.Add("en");

        var echo = await EchoedRequest.ReadAsync(await client.PostAsync("/items", content));

        Assert.Equal("POST", echo.Method);
        Assert.Equal(16, echo.BodyLength);
        Assert.Equal("16", echo.Header("Content-Length"));
        Assert.Equal("application/json; charset=utf-8", echo.Header("Content-Type"));
        Assert.Equal("en", echo.Header("Content-Language"));
        Assert.Null(echo.Header("Transfer-Encoding"));
    }

    [Fact]
    public async Task Request_GetWithoutBody_IsNotSentChunked()
    {
        await using var backend = await Backend.StartEchoAsync();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream() });
        using var client = host.CreateClient();

        var echo = await EchoedRequest.ReadAsync(await client.GetAsync("/"));

        Assert.Null(echo.Header("Transfer-Encoding"));
        Assert.Null(echo.Header("Content-Length"));
        Assert.Equal(0, echo.BodyLength);
    }

    [Fact]
    public async Task Response_HopByHopHeaders_AreRemovedAndRepeatedHeadersKept()
    {
        await using var backend = new RawBackend(async stream =>
        {
            await RawHttp.ReadHeadAsync(stream);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                "HTTP/1.1 201 Created\r\nContent-Length: 2\r\nConnection: keep-alive, X-Secret\r\nX-Secret: s\r\n" +
                "Keep-Alive: timeout=5\r\nProxy-Authenticate: Basic realm=\"app\"\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n" +
                "X-Kept: yes\r\n\r\nok"));
            await RawHttp.ReadHeadAsync(stream);
        });
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream });
        using var client = host.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(["a=1", "b=2"], response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("yes", Assert.Single(response.Headers.GetValues("X-Kept")));
        Assert.False(response.Headers.Contains("X-Secret"));
        Assert.False(response.Headers.Contains("Keep-Alive"));
        Assert.False(response.Headers.Contains("Proxy-Authenticate"));
    }
}
