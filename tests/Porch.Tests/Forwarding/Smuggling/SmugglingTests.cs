using Porch.Configuration;
using Porch.Tests.Support;
using Xunit.Abstractions;

namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>
/// Request smuggling through the forwarder: every attempt is refused or normalized, and what the upstream received
/// parses, strictly, as exactly the requests Porch answered for: no extra request, no leftover bytes (RFC 9112 §11.2).
/// </summary>
public class SmugglingTests(ITestOutputHelper output)
{
    /// <summary>How long a kept-open connection must stay silent to show no further response is coming.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1.5);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Http1 => new(Http1Attacks.All.Keys);

    public static TheoryData<string> Http2 => new(Http2Attacks.All.Keys);

    [Theory]
    [MemberData(nameof(Http1))]
    public async Task Http1Attack_ThroughTheForwarder_RefusedOrNormalizedWithoutDesync(string name)
    {
        var (request, expected) = Http1Attacks.All[name];
        await using var backend = new RecordingBackend();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream });

        var exchange = await H1Exchange.RunAsync(host.Port, request, Quiet);
        output.WriteLine($"client: {exchange}");

        if (expected.RefusedWith is { } status)
        {
            Assert.Equal([status], exchange.Responses.Select(r => r.Status));
        }
        else
        {
            Assert.Equal(expected.ForwardedBodies.Select(_ => "200 ok"), exchange.Responses.Select(r => $"{r.Status} {r.Text}"));
        }

        Assert.Equal(expected.Closes, exchange.Closed);
        await AssertUpstreamSawExactlyAsync(backend, expected.ForwardedBodies);
    }

    [Theory]
    [MemberData(nameof(Http2))]
    public async Task Http2Attack_ToAnHttp11Upstream_RefusedOrNormalizedWithoutDesync(string name)
    {
        var (fields, data, expected) = Http2Attacks.All[name];
        await using var backend = new RecordingBackend();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream });
        using var client = await RawH2Client.ConnectAsync(host.Port);

        await client.SendRequestAsync(fields, data);

        var outcome = await client.ReadOutcomeAsync(Patience);
        output.WriteLine($"client: {outcome}");

        if (expected.RefusedWith is not null)
        {
            Assert.True(outcome.Refused, $"not refused: {outcome}");
        }
        else
        {
            Assert.Equal(200, outcome.Status);
        }

        await AssertUpstreamSawExactlyAsync(backend, expected.ForwardedBodies);
    }

    /// <summary>
    /// A body shorter than its content-length is only found out at END_STREAM, after Porch has started streaming it
    /// upstream (RFC 9113 §8.1.1): the upstream then holds an incomplete request on a connection Porch closes, never a
    /// complete one and never a reused connection.
    /// </summary>
    [Fact]
    public async Task Http2BodyShorterThanContentLength_AfterStreamingStarted_UpstreamConnectionClosedMidRequest()
    {
        await using var backend = new RecordingBackend();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream });
        using var client = await RawH2Client.ConnectAsync(host.Port);

        await client.SendHeadersAsync([(":method", "POST"), (":scheme", "http"), (":authority", "app.test"), (":path", "/"), ("content-length", "10")], endStream: false);
        await client.SendDataAsync("hello", endStream: false);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(backend.Connections.Any(c => c.Parse().Tail)), Patience), "the head never reached the upstream");
        await client.SendDataAsync("", endStream: true);
        var outcome = await client.ReadOutcomeAsync(Patience);

        output.WriteLine($"client: {outcome}");
        Assert.True(outcome.Refused, $"not refused: {outcome}");
        await AssertUpstreamSawExactlyAsync(backend, []);
    }

    /// <summary>
    /// An absolute-form target names the host itself, and Kestrel refuses one whose Host disagrees; the one it accepts
    /// reaches the upstream in origin-form with that Host, so the upstream routes as Porch did (RFC 9112 §3.2.2).
    /// </summary>
    [Fact]
    public async Task AbsoluteFormTarget_SameHost_ForwardedInOriginFormWithThatHost()
    {
        await using var backend = new RecordingBackend();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream });

        var exchange = await H1Exchange.RunAsync(host.Port, "GET http://app.test/admin?x=1 HTTP/1.1\r\nHost: app.test\r\n\r\n", Quiet);

        Assert.Equal(200, Assert.Single(exchange.Responses).Status);
        var request = Assert.Single(backend.Requests);
        Assert.Equal("/admin?x=1", request.Target);
        Assert.Equal("app.test", request.Header("Host"));
    }

    /// <summary>
    /// An HTTP/2 request whose host field disagrees with :authority reaches the upstream with one Host, the
    /// :authority that Porch routed by (RFC 9113 §8.3.1: :authority takes precedence).
    /// </summary>
    [Fact]
    public async Task Http2HostDifferingFromAuthority_ForwardedWithTheAuthorityOnly()
    {
        await using var backend = new RecordingBackend();
        await using var host = await PorchTestHost.StartAsync(new RouteConfig { Upstream = backend.Upstream });
        using var client = await RawH2Client.ConnectAsync(host.Port);

        await client.SendHeadersAsync([(":method", "GET"), (":scheme", "http"), (":authority", "app.test"), (":path", "/"), ("host", "other.test")], endStream: true);

        Assert.Equal(200, (await client.ReadOutcomeAsync(Patience)).Status);
        var request = Assert.Single(backend.Requests);
        Assert.Equal(["app.test"], request.All("Host"));
        Assert.Equal("app.test", request.Header("X-Forwarded-Host"));
    }

    /// <summary>
    /// Every upstream connection parses strictly; the complete requests over all of them carry exactly
    /// <paramref name="bodies"/>; bytes of an unfinished request are only allowed on a connection Porch has closed.
    /// </summary>
    private async Task AssertUpstreamSawExactlyAsync(RecordingBackend backend, string[] bodies)
    {
        var settled = await Poll.UntilAsync(() => Task.FromResult(backend.Connections.All(c => c.Closed || !c.Parse().Tail)), Patience);
        foreach (var connection in backend.Connections)
        {
            var parse = connection.Parse();
            output.WriteLine($"upstream connection ({(connection.Closed ? "closed" : "open")}): {parse.Requests.Count} request(s), " +
                $"{parse.TailLength} unfinished byte(s), error: {parse.Error ?? "none"}");
            output.WriteLine(System.Text.Encoding.Latin1.GetString(connection.Bytes));
            Assert.Null(parse.Error);
        }

        Assert.True(settled, "an upstream connection holds an unfinished request and is still open");
        Assert.Equal(bodies, backend.Requests.Select(r => r.BodyText));
    }
}
