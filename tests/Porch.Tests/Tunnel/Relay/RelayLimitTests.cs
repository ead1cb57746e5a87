using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Porch.Tests.Forwarding;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>Per-tunnel stream limits, idle timeouts, body size, and one busy tunnel not slowing another.</summary>
public sealed class RelayLimitTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Limits_TunnelAtMaxStreams_NextRequestWaitsThenGets503()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await Backend.StartAsync(async context =>
        {
            await release.Task;
            await context.Response.WriteAsync("done");
        });
        await using var relay = await RelayTestHost.StartAsync(configure: s => s with { MaxStreams = 2, StreamWaitTimeout = TimeSpan.FromSeconds(1) });
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("busy", TestTunnelClient.Everyone), app.Port);

        using var visitor = relay.CreatePublicClient();
        var held = new[] { visitor.GetAsync(relay.PublicUri("busy", "/1")), visitor.GetAsync(relay.PublicUri("busy", "/2")) };
        Assert.True(await Support.Poll.UntilAsync(() => Task.FromResult(relay.Registry.Snapshot().Single().OpenStreams == 2), Wait));

        using var refused = await visitor.GetAsync(relay.PublicUri("busy", "/3"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("the most this relay allows for one tunnel", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(refused.Headers.RetryAfter);

        release.SetResult();
        foreach (var response in await Task.WhenAll(held))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
    }

    [Fact]
    public async Task Fairness_OneTunnelStuck_AnotherStillAnswersFast()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await Backend.StartAsync(async context =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await context.Response.WriteAsync("slow");
        });
        await using var fast = await Backend.StartAsync(context => context.Response.WriteAsync("fast"));
        await using var relay = await RelayTestHost.StartAsync(configure: s => s with { MaxStreams = 16, StreamWaitTimeout = TimeSpan.FromSeconds(30) });
        var token = relay.Tokens.Add("alice");
        await using var slowClient = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("slow", TestTunnelClient.Everyone), slow.Port);
        await using var fastClient = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("fast", TestTunnelClient.Everyone), fast.Port);

        // Fill every stream slot of the slow tunnel, plus a queue waiting behind them.
        using var visitors = relay.CreatePublicClient();
        var stuck = Enumerable.Range(0, 24).Select(i => visitors.GetAsync(relay.PublicUri("slow", $"/{i}"))).ToArray();
        Assert.True(await Support.Poll.UntilAsync(() => Task.FromResult(relay.Registry.Find("slow")!.Counters.OpenStreams == 16), Wait));

        using var other = relay.CreatePublicClient();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            using var response = await other.GetAsync(relay.PublicUri("fast", $"/{i}"));
            Assert.Equal("fast", await response.Content.ReadAsStringAsync());
        }

        // Generous for a loaded 2-core machine; a fast tunnel sharing the slow one's queue would take 30 s or more.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"20 requests to the free tunnel took {clock.Elapsed}");
        release.SetResult();
        foreach (var response in await Task.WhenAll(stuck))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
    }

    [Fact]
    public async Task Limits_IdleStream_IsClosedAfterTheIdleTimeout()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await Backend.StartAsync(async context =>
        {
            // One byte out, then silence: the stream carries nothing either way.
            await context.Response.Body.WriteAsync("x"u8.ToArray());
            await context.Response.Body.FlushAsync();
            await hold.Task.WaitAsync(TimeSpan.FromSeconds(60));
        });
        await using var relay = await RelayTestHost.StartAsync(configure: s => s with { StreamIdleTimeout = TimeSpan.FromSeconds(1) });
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("quiet", TestTunnelClient.Everyone), app.Port);

        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.GetAsync(relay.PublicUri("quiet"), HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        Assert.Equal(1, await body.ReadAsync(new byte[16]));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<IOException>(async () => await body.ReadAsync(new byte[16]).AsTask().WaitAsync(Wait));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the idle stream lived {clock.Elapsed}");
        await relay.Log.WaitForAsync(e => e.EventId == 507, Wait);
        hold.SetResult();
    }

    [Fact]
    public async Task Limits_ParkedStreamsIdleTooLong_AreAnswered204AndParkedAgain()
    {
        await using var app = await Backend.StartAsync(context => context.Response.WriteAsync("ok"));
        await using var relay = await RelayTestHost.StartAsync(configure: s => s with { ParkedIdleTimeout = TimeSpan.FromMilliseconds(500) });
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("parked", TestTunnelClient.Everyone), app.Port);

        await relay.Host.AccessLog.WaitForLineAsync(l => l.Contains("/.porch/tunnel/v1/stream", StringComparison.Ordinal) && l.Contains(" 204 ", StringComparison.Ordinal), Wait);
        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.GetAsync(relay.PublicUri("parked"));
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Limits_BodyOverMaxBodySize_Is413BeforeTheTunnel()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync(maxBodySize: "1KB");
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("small", TestTunnelClient.Everyone), app.Port);

        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.PostAsync(relay.PublicUri("small"), new ByteArrayContent(new byte[4096]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, client.StreamsOpened);
    }

    [Fact]
    public async Task Limits_ManyConcurrentRequests_AllAnsweredThroughOneTunnel()
    {
        await using var app = await Backend.StartAsync(async context =>
        {
            await Task.Delay(50);
            await context.Response.WriteAsync(context.Request.Path.Value!);
        });
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("many", TestTunnelClient.Everyone), app.Port);

        using var visitor = relay.CreatePublicClient(HttpVersion.Version20);
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            using var response = await visitor.GetAsync(relay.PublicUri("many", $"/{i}"));
            return await response.Content.ReadAsStringAsync();
        })).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"/{i}"), responses);
        Assert.True(client.StreamsOpened > Porch.Wire.Tunnel.TunnelProtocol.DefaultParkedStreams, $"only {client.StreamsOpened} streams: the relay should have asked for more");
    }
}
