using System.Net;
using System.Text;
using Porch.Tests.Forwarding;
using Porch.Wire.Tunnel;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>The control endpoint: every refusal code, takeover, revocation, shutdown and garbage.</summary>
public sealed class RelayControlTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    /// <summary>No token, and one the relay does not know: the same refusal, naming the command that makes one.</summary>
    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    public async Task Control_NoOrUnknownToken_Is401BadTokenNamingTheFix(string? token)
    {
        await using var relay = await RelayTestHost.StartAsync();
        relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("a"), _ => throw new InvalidOperationException());
        var error = AssertRefused(client, 401, TunnelErrorCode.BadToken);
        Assert.Contains("porch relay token add", error.Detail, StringComparison.Ordinal);
        Assert.Empty(relay.Registry.Snapshot());
    }

    [Fact]
    public async Task Control_Http11_Is400TellingToUseHttp2()
    {
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        using var http = relay.CreatePublicClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"https://localhost:{relay.Port}{TunnelProtocol.ControlPath}"))
        {
            Content = new ByteArrayContent(TunnelMessageCodec.Encode(TestTunnelClient.Hello("a"))),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(TunnelErrorCode.BadHello, body, StringComparison.Ordinal);
        Assert.Contains("HTTP/2", body, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, HelloMessage> Hellos = new()
    {
        ["version"] = TestTunnelClient.Hello("a") with { Version = 99 },
        ["name"] = TestTunnelClient.Hello("Bad_Name"),
        ["scheme"] = TestTunnelClient.Hello("a", scheme: "ftp"),
        ["basePath"] = TestTunnelClient.Hello("a") with { BasePath = "app" },
        ["remote"] = TestTunnelClient.Hello("a", new TunnelAccess("sometimes", [], [], [], null, null)),
        ["allow"] = TestTunnelClient.Hello("a", new TunnelAccess("allow", [], ["not-a-cidr"], [], null, null)),
        ["password"] = TestTunnelClient.Hello("a", new TunnelAccess("password", [], [], [], null, null)),
    };

    [Theory]
    [InlineData("version", TunnelErrorCode.BadHello, "hello.version")]
    [InlineData("name", TunnelErrorCode.BadName, "hello.name")]
    [InlineData("scheme", TunnelErrorCode.BadHello, "hello.scheme")]
    [InlineData("basePath", TunnelErrorCode.BadHello, "hello.basePath")]
    [InlineData("remote", TunnelErrorCode.BadHello, "hello.access.remote")]
    [InlineData("allow", TunnelErrorCode.BadHello, "hello.access.allow[0]")]
    [InlineData("password", TunnelErrorCode.BadHello, "hello.access.remote")]
    public async Task Control_BadHello_Is400NamingTheField(string which, string code, string field)
    {
        var hello = Hellos[which];
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, hello, _ => throw new InvalidOperationException());
        Assert.Contains(field, AssertRefused(client, 400, code).Detail, StringComparison.Ordinal);
        Assert.Empty(relay.Registry.Snapshot());
    }

    public static TheoryData<string, string> Garbage => new()
    {
        { "this is not json\n", "not a tunnel message" },
        { "{\"type\":\"ready\"}\n", "must be a hello" },
        { new string('x', TunnelProtocol.MaxMessageBytes + 10), "longer than" },
        { "{\"type\":\"hello\"", "no hello line within 2 s" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Control_GarbageInsteadOfHello_Is400AndTheRelayKeepsServing(string body, string problem)
    {
        await using var app = await Backend.StartEchoAsync();
        // A short hello timeout for the unfinished hello: the default 10 s would be this test's whole run time.
        await using var relay = await RelayTestHost.StartAsync(configure: s => s with { HelloTimeout = TimeSpan.FromSeconds(2) });
        var token = relay.Tokens.Add("alice");
        await using (var garbage = await TestTunnelClient.ConnectRawAsync(relay, token, Encoding.UTF8.GetBytes(body)))
        {
            Assert.Contains(problem, AssertRefused(garbage, 400, TunnelErrorCode.BadHello).Detail, StringComparison.Ordinal);
        }

        await using var good = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("fine", TestTunnelClient.Everyone), app.Port);
        Assert.Equal(HttpStatusCode.OK, await VisitAsync(relay, "fine"));
    }

    [Fact]
    public async Task Control_GarbageAfterWelcome_EndsThatSessionOnlyWithALogLine()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        await using var other = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("other", TestTunnelClient.Everyone), app.Port);
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("noisy", TestTunnelClient.Everyone), app.Port);

        await client.SendOnControlAsync(Encoding.UTF8.GetBytes("garbage garbage\n"));

        Assert.Null(await client.NextMessageAsync(Wait));
        await relay.Log.WaitForAsync(e => e.EventId == 505, Wait);
        Assert.True(await Support.Poll.UntilAsync(() => Task.FromResult(relay.Registry.Find("noisy") is null), Wait));
        Assert.Equal(HttpStatusCode.OK, await VisitAsync(relay, "other"));
    }

    [Fact]
    public async Task Control_ClientEndsControl_TunnelGoesOffline()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        var offline = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        relay.Registry.TunnelOffline += host => offline.TrySetResult(host);
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("bye", TestTunnelClient.Everyone), app.Port);
        Assert.True(relay.Registry.IsLive("bye.localhost"));

        client.EndControl();

        Assert.Equal("bye.localhost", await offline.Task.WaitAsync(Wait));
        Assert.False(relay.Registry.IsLive("bye.localhost"));
        Assert.Equal(HttpStatusCode.NotFound, await VisitAsync(relay, "bye"));
    }

    [Fact]
    public async Task Control_NameOfAnotherToken_Is409NameTaken()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        var alice = relay.Tokens.Add("alice");
        var bob = relay.Tokens.Add("bob");
        await using var first = await TestTunnelClient.ConnectAsync(relay, alice, TestTunnelClient.Hello("shared"), app.Port);

        await using var second = await TestTunnelClient.ConnectAsync(relay, bob, TestTunnelClient.Hello("shared"), app.Port);
        AssertRefused(second, 409, TunnelErrorCode.NameTaken);

        // Reserved across the tunnel's absence too: alice leaves, bob still cannot take it.
        first.EndControl();
        Assert.True(await Support.Poll.UntilAsync(() => Task.FromResult(!relay.Registry.IsLive("shared.localhost")), Wait));
        await using var third = await TestTunnelClient.ConnectAsync(relay, bob, TestTunnelClient.Hello("shared"), app.Port);
        AssertRefused(third, 409, TunnelErrorCode.NameTaken);
        Assert.Equal("alice", relay.Names.Owners["shared"]);
    }

    [Fact]
    public async Task Control_TooManyTunnelsForAToken_Is429()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync(configure: s => s with { MaxTunnelsPerToken = 2 });
        var token = relay.Tokens.Add("alice");
        await using var one = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("one"), app.Port);
        await using var two = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello(null), app.Port);
        Assert.Equal(200, two.StatusCode);
        Assert.Equal(TunnelName.RandomLength, two.Welcome!.Name.Length);

        await using var three = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("three"), app.Port);
        AssertRefused(three, 429, TunnelErrorCode.TooManyTunnels);
        Assert.False(relay.Names.Owners.ContainsKey("three"));
    }

    [Fact]
    public async Task Control_SameTokenSameName_NewSessionWinsOldIsReplaced()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        await using var old = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("app", TestTunnelClient.Everyone), app.Port);

        await using var fresh = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("app", TestTunnelClient.Everyone), app.Port);

        Assert.Equal(200, fresh.StatusCode);
        var closing = Assert.IsType<ClosingMessage>(await old.NextMessageAsync(Wait));
        Assert.Equal(ClosingReason.Replaced, closing.Reason);
        Assert.Null(await old.NextMessageAsync(Wait));
        Assert.Equal(HttpStatusCode.OK, await VisitAsync(relay, "app"));
        Assert.Equal(fresh.Welcome!.Session, Assert.Single(relay.Registry.Snapshot()) is { } info && relay.Registry.Find("app") is { } s ? s.Id : null);
        Assert.Equal(0, old.StreamsOpened);
        Assert.True(fresh.StreamsOpened >= 1);
    }

    [Fact]
    public async Task Control_TokenRevoked_ClientGetsClosingRevokedAndNameIsFree()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("gone", TestTunnelClient.Everyone), app.Port);

        relay.Tokens.Remove("alice");
        relay.Relay.Revoke("alice");

        var closing = Assert.IsType<ClosingMessage>(await client.NextMessageAsync(Wait));
        Assert.Equal(ClosingReason.Revoked, closing.Reason);
        Assert.False(relay.Names.Owners.ContainsKey("gone"));
        await using var again = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("gone"), app.Port);
        AssertRefused(again, 401, TunnelErrorCode.BadToken);
    }

    [Fact]
    public async Task Control_RelayShutsDown_ClientsGetClosingShutdown()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("bye", TestTunnelClient.Everyone), app.Port);

        var stopping = relay.Host.Server.StopAsync();

        var closing = Assert.IsType<ClosingMessage>(await client.NextMessageAsync(Wait));
        Assert.Equal(ClosingReason.Shutdown, closing.Reason);
        Assert.True(ClosingReason.Reconnects(closing.Reason));
        await stopping.WaitAsync(Wait);
    }

    [Fact]
    public async Task Stream_UnknownSession_Is404()
    {
        await using var app = await Backend.StartEchoAsync();
        await using var relay = await RelayTestHost.StartAsync();
        var token = relay.Tokens.Add("alice");
        await using var client = await TestTunnelClient.ConnectAsync(relay, token, TestTunnelClient.Hello("a"), app.Port);
        using var response = await client.SendStreamRequestAsync("0123456789abcdef", null, CancellationToken.None).WaitAsync(Wait);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>Every refusal has one shape: the status, and one error line whose code the client acts on.</summary>
    private static ErrorMessage AssertRefused(TestTunnelClient client, int status, string code)
    {
        Assert.Equal(status, client.StatusCode);
        var error = Assert.IsType<ErrorMessage>(client.Error);
        Assert.Equal(code, error.Code);
        return error;
    }

    /// <summary>What a public visitor of tunnel <paramref name="name"/> gets.</summary>
    private static async Task<HttpStatusCode> VisitAsync(RelayTestHost relay, string name)
    {
        using var visitor = relay.CreatePublicClient();
        using var response = await visitor.GetAsync(relay.PublicUri(name));
        return response.StatusCode;
    }
}
