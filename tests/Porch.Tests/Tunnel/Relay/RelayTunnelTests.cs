using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Porch.Tests.Forwarding;
using Porch.Tests.Support;
using Porch.Wire.Tunnel;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>A tunnel from hello to public requests, over the real relay with the local CA (and plain h2c).</summary>
public sealed class RelayTunnelTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Tunnel_PublicRequest_ReachesTheAppWithRealClientAndHttpsProto(bool tls)
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync(tls);
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("myapp", TestTunnelClient.Everyone), app.Port);

        Assert.Equal(200, client.StatusCode);
        Assert.Equal("myapp", client.Welcome!.Name);
        Assert.Equal($"{(tls ? "https" : "http")}://myapp.localhost:{relay.Port}", client.Welcome.Url);
        Assert.Equal(TunnelProtocol.DefaultParkedStreams, client.Welcome.ParkedStreams);

        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.GetAsync(relay.PublicUri("myapp", "/a/b?c=d"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = JsonSerializer.Deserialize<EchoedRequest>(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("/a/b?c=d", echo.Target);
        Assert.Equal($"myapp.localhost:{relay.Port}", echo.Headers["Host"].Single());
        Assert.Equal("127.0.0.1", echo.Headers["X-Forwarded-For"].Single());
        Assert.Equal(tls ? "https" : "http", echo.Headers["X-Forwarded-Proto"].Single());
        Assert.Contains($"proto={(tls ? "https" : "http")}", echo.Headers["Forwarded"].Single(), StringComparison.Ordinal);
        Assert.Contains("for=127.0.0.1", echo.Headers["Forwarded"].Single(), StringComparison.Ordinal);
        await relay.Host.AccessLog.WaitForLineAsync(l => l.Contains("/a/b?c=d", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Tunnel_BasePathAndH2c_AppGetsPrefixedTargetOverHttp2()
    {
        await using var app = await Backend.StartEchoAsync(Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        var hello = TestTunnelClient.Hello("grpc", TestTunnelClient.Everyone, scheme: "h2c") with { BasePath = "/base" };
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, hello, app.Port);

        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.GetAsync(relay.PublicUri("grpc", "/x"));
        var echo = JsonSerializer.Deserialize<EchoedRequest>(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("/base/x", echo.Target);
        Assert.Equal("HTTP/2", echo.Protocol);
    }

    [Fact]
    public async Task Tunnel_UploadAndDownload_BytesArriveIntactAndAreCounted()
    {
        const int size = 4 * 1024 * 1024;
        await using var app = await Backend.StartAsync(async context =>
        {
            // Echo the body back: both directions carry the same bytes.
            context.Response.ContentType = "application/octet-stream";
            await context.Request.Body.CopyToAsync(context.Response.Body);
        });
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("bulk", TestTunnelClient.Everyone), app.Port);

        var data = new byte[size];
        Random.Shared.NextBytes(data);
        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.PostAsync(relay.PublicUri("bulk", "/echo"), new ByteArrayContent(data));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(data, await response.Content.ReadAsByteArrayAsync());

        var info = Assert.Single(relay.Registry.Snapshot());
        Assert.Equal("bulk", info.Name);
        Assert.Equal("alice", info.TokenName);
        Assert.Equal($"bulk.localhost", info.HostName);
        Assert.InRange(info.BytesIn, size, size + (64 * 1024));
        Assert.InRange(info.BytesOut, size, size + (64 * 1024));
        Assert.True(info.TotalStreams >= 1);
    }

    [Fact]
    public async Task Tunnel_NoAccessRules_RefusesVisitorsWithTunnelWording()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("private"), app.Port);

        // The visitor is on loopback, which a normal site counts as local: a tunnel never does.
        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.GetAsync(relay.PublicUri("private"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("This tunnel is not open to the public", page, StringComparison.Ordinal);
        Assert.Contains("--remote allow", page, StringComparison.Ordinal);
        Assert.Equal(0, client.StreamsOpened);
    }

    [Fact]
    public async Task Tunnel_DenyList_RefusesThatAddress()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        var access = new TunnelAccess("allow", [], [], ["127.0.0.0/8"], null, null);
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("denied", access), app.Port);

        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.GetAsync(relay.PublicUri("denied"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("may not use this site", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tunnel_RateLimit_AppliesPerTunnel()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        var access = new TunnelAccess("allow", [], [], [], 2, 60);
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("limited", access), app.Port);

        using var visitor = relay.CreatePublicClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await visitor.GetAsync(relay.PublicUri("limited"));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Public_UnknownTunnel_Gets404NamingIt()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.GetAsync(relay.PublicUri("nobody"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No tunnel named nobody is connected to this relay", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_RelayDomainItself_IsNotATunnel()
    {
        await using var relay = await RelayTestHost.StartAsync();
        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.GetAsync(new Uri($"https://localhost:{relay.Port}/"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("This is a Porch relay", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tunnel_AppDown_Answers502SayingTheAppIsNotAnswering()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        var closedPort = Support.FreePort.Allocate();
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("down", TestTunnelClient.Everyone), closedPort);

        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.GetAsync(relay.PublicUri("down"));
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("tunnel down (http://127.0.0.1:8000 on the sharer&#39;s computer) is not answering", page, StringComparison.Ordinal);
        Assert.True(page.Contains("cannot reach the app", StringComparison.Ordinal), page);
    }

    /// <param name="client">The tunnel client: the protocol test client, or the real <c>porch share</c> with that <c>--transport</c>.</param>
    [Theory]
    [InlineData("test client")]
    [InlineData("auto")]
    [InlineData("websocket")]
    public async Task Tunnel_IdleAppConnectionsDropped_TheStreamsThatFollowStillWork(string client)
    {
        // The forwarder keeps a read going on each idle connection to notice a close. Dropping such a connection used
        // to end its stream with that read still running; Kestrel then reused the stream request's objects for the
        // next parked stream, whose first read failed ("Reading is already in progress", 502 in the tunnel bench).
        const int rounds = 3;
        const int visitors = 8;
        var idle = TimeSpan.FromSeconds(1);
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync(configure: s => s with { AppConnectionIdleTimeout = idle });
        var token = relay.Tokens.Add("alice");
        using var folder = new TempDirectory("porch-idle-");
        await using var sharing = client == "test client"
            ? await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("reuse", TestTunnelClient.Everyone), app.Port)
            : await ShareAsync(relay, token, folder, app, client);

        var failures = new List<string>();
        for (var round = 0; round < rounds; round++)
        {
            var visits = Enumerable.Range(0, visitors).Select(async _ =>
            {
                using var visitor = relay.CreatePublicClient();
                using var response = await visitor.GetAsync(relay.PublicUri("reuse", "/"));
                return response.StatusCode == HttpStatusCode.OK ? null : $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            });
            failures.AddRange((await Task.WhenAll(visits)).OfType<string>().Select(f => $"round {round}, {f}"));
            // Long enough for the forwarder's pool to start its check read on the idle connections and then drop them.
            await Task.Delay(idle * 2.5);
        }

        // The relay's warnings say why a request failed.
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(3).Concat(relay.Log.Entries.Where(e => e.Level >= LogLevel.Warning).Take(5).Select(e => e.ToString()))));
    }

    [Fact]
    public async Task Tunnel_ManyVisitorsLeaveAtOnce_TheNextIsAnsweredAtOnce()
    {
        // Each visitor leaving makes the forwarder drop its connection from a cancellation callback, synchronously;
        // closing a stream there used to block that thread until the stream's read ended, and 50 at once starved the
        // thread pool: the tunnel answered nothing for seconds (tunnel bench, right after wrk stopped).
        const int visitors = 48;
        var arrived = 0;
        await using var app = await Backend.StartAsync(async context =>
        {
            if (context.Request.Path == "/hang")
            {
                Interlocked.Increment(ref arrived);
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }

            await Backend.EchoAsync(context);
        });
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("busy", TestTunnelClient.Everyone), app.Port);

        using var leave = new CancellationTokenSource();
        var hanging = Enumerable.Range(0, visitors).Select(async _ =>
        {
            using var visitor = relay.CreatePublicClient();
            try
            {
                using var response = await visitor.GetAsync(relay.PublicUri("busy", "/hang"), leave.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }).ToList();
        Assert.True(await Support.Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref arrived) == visitors), TimeSpan.FromSeconds(30)));

        await leave.CancelAsync();
        await Task.WhenAll(hanging);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var next = relay.CreatePublicClient();
        using var answer = await next.GetAsync(relay.PublicUri("busy", "/"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the next visitor waited {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>The real <c>porch share</c> in-process, online as <c>reuse</c> over <paramref name="transport"/>.</summary>
    private static async Task<IAsyncDisposable> ShareAsync(RelayTestHost relay, string token, TempDirectory folder, Backend app, string transport)
    {
        var share = Client.ShareRun.Start(
            app.Upstream(), "--relay", relay.RelayUri.ToString(), "--token", token, "--name", "reuse", "--ca", relay.WriteRoot(folder.Path),
            "--transport", transport, "--remote", "allow");
        await share.WaitForAsync("online:");
        return share;
    }
}
