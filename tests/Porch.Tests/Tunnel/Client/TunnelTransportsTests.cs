using System.IO.Pipelines;
using System.Net;
using Porch.Tests.Access;
using Porch.Tests.Tunnel.Relay;
using Porch.Tunnel.Client;
using Porch.Wire.Tunnel;

namespace Porch.Tests.Tunnel.Client;

/// <summary>
/// <c>--transport auto</c> across sessions: the fall-back to WebSockets is said once and kept for
/// <see cref="TunnelTransports.Http2RetryAfter"/>; a later session tries HTTP/2 again and says when it works. The
/// transports here are scripted (each attempt answers or throws as the test says): the fall-back itself, with a real
/// relay behind a real HTTP/1.1-only nginx, is in WebSocketTransportInteropTests.
/// </summary>
public sealed class TunnelTransportsTests
{
    private static readonly HelloMessage Hello = TestTunnelClient.Hello("demo");

    private readonly SteppedClock clock = new();
    private readonly StringWriter stderr = new();
    private readonly ScriptedTransports scripted = new();
    private readonly TunnelTransports transports;

    public TunnelTransportsTests()
    {
        transports = new TunnelTransports(
            TunnelTransportMode.Auto, new ShareReporter(TextWriter.Null, stderr, qr: false), clock, _ => scripted.Http2(), _ => ScriptedTransports.WebSocket());
    }

    [Fact]
    public async Task Auto_WithoutHttp2_FallsBackSaysWhyOnceAndLaterSessionsGoStraightToWebSockets()
    {
        scripted.Http2Fails = true;
        Assert.Equal("websocket", await SessionAsync());
        Assert.Equal("websocket", await SessionAsync());
        clock.Advance(TunnelTransports.Http2RetryAfter - TimeSpan.FromSeconds(1));
        Assert.Equal("websocket", await SessionAsync());

        Assert.Equal(1, scripted.Http2Attempts);
        var line = Assert.Single(Lines());
        Assert.Contains("the connection to the relay came without HTTP/2; switching to WebSockets over HTTP/1.1", line, StringComparison.Ordinal);
        Assert.Contains("HTTP/2 is tried again at a reconnect from 10 minutes on", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_AfterTheRetryTime_TriesHttp2AgainAndSaysWhenItIsBack()
    {
        scripted.Http2Fails = true;
        Assert.Equal("websocket", await SessionAsync());
        clock.Advance(TunnelTransports.Http2RetryAfter);
        scripted.Http2Fails = false;

        Assert.Equal("h2", await SessionAsync());
        Assert.Equal("h2", await SessionAsync());

        Assert.Equal(3, scripted.Http2Attempts);
        Assert.Equal(2, Lines().Length);
        Assert.Equal("porch share: HTTP/2 to the relay works again: back on it for this and later connections", Lines()[1]);
    }

    [Fact]
    public async Task Auto_RetryThatFailsAgain_StaysOnWebSocketsQuietlyAndWaitsAnotherRetryTime()
    {
        scripted.Http2Fails = true;
        await SessionAsync();
        clock.Advance(TunnelTransports.Http2RetryAfter);

        Assert.Equal("websocket", await SessionAsync());
        clock.Advance(TunnelTransports.Http2RetryAfter - TimeSpan.FromSeconds(1));
        Assert.Equal("websocket", await SessionAsync());

        Assert.Equal(2, scripted.Http2Attempts);
        Assert.Single(Lines());
    }

    [Fact]
    public async Task Auto_Http2Working_SaysNothing()
    {
        Assert.Equal("h2", await SessionAsync());
        Assert.Equal("h2", await SessionAsync());
        Assert.Empty(Lines());
    }

    /// <summary>One session's control request; the transport that answered it.</summary>
    private async Task<string> SessionAsync()
    {
        await using var transport = transports.Create(null!);
        await using var control = await transport.OpenControlAsync("token", Hello, CancellationToken.None);
        return ((ScriptedChannel)control).Transport;
    }

    private string[] Lines() => stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private sealed class ScriptedTransports
    {
        public bool Http2Fails { get; set; }

        public int Http2Attempts { get; private set; }

        public ScriptedTransport Http2() => new("h2", () =>
        {
            Http2Attempts++;
            return Http2Fails;
        });

        public static ScriptedTransport WebSocket() => new("websocket", () => false);
    }

    /// <summary>Answers the control request with 200, or fails as a connection without HTTP/2 does.</summary>
    private sealed class ScriptedTransport(string name, Func<bool> fails) : ITunnelTransport
    {
        public Task<TunnelChannel> OpenControlAsync(string token, HelloMessage hello, CancellationToken cancellationToken) =>
            fails()
                ? Task.FromException<TunnelChannel>(new HttpRequestException(HttpRequestError.VersionNegotiationError, "no h2"))
                : Task.FromResult<TunnelChannel>(new ScriptedChannel(name));

        public Task<TunnelChannel> OpenStreamAsync(string session, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class ScriptedChannel(string transport) : TunnelChannel
    {
        public string Transport => transport;

        public override int Status => (int)HttpStatusCode.OK;

        public override PipeReader Input { get; } = PipeReader.Create(Stream.Null);

        public override Stream Output => Stream.Null;

        public override ValueTask CompleteOutputAsync() => ValueTask.CompletedTask;

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
