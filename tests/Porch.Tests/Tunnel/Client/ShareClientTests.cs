using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Porch.Tests.Support;
using Porch.Wire.Tunnel;

namespace Porch.Tests.Tunnel.Client;

/// <summary>
/// The share client against <see cref="TestRelay"/> (the relay's half of the protocol on a real Kestrel) and a real
/// app on loopback: coming online, serving a stream, refusing, reconnecting, stopping.
/// </summary>
public sealed class ShareClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Share_RelayWelcomes_PrintsOnlineLineAndUrlAndSendsHello()
    {
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start("http://127.0.0.1:9/app/", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--name", "myapp", "--remote", "allow");

        var online = await share.WaitForAsync("online:");

        Assert.Equal($"porch share: online: https://myapp.localhost:{relay.Port} → http://127.0.0.1:9/app", online);
        Assert.StartsWith($"porch share: connecting to {relay.Url.GetLeftPart(UriPartial.Authority)}", share.Err.Lines()[0], StringComparison.Ordinal);
        Assert.Equal([$"https://myapp.localhost:{relay.Port}"], share.Out.Lines().Where(l => l.Length > 0));
        var hello = await relay.Hellos.Reader.ReadAsync();
        Assert.Equal((TunnelProtocol.Version, "myapp", "http", "/app", "http://127.0.0.1:9/app"), (hello.Version, hello.Name, hello.Scheme, hello.BasePath, hello.Target));
        Assert.Equal("allow", hello.Access!.Remote);
        Assert.Empty(hello.Access.Users);
        await relay.WaitParkedAsync(2, Wait);
    }

    [Fact]
    public async Task Share_StreamOpened_ServesAPublicRequestFromTheApp()
    {
        await using var app = await StartAppAsync();
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start(app.Urls.First(), "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--remote", "allow");
        await share.WaitForAsync("online:");

        await using var stream = await relay.OpenStreamAsync(Wait);

        Assert.IsType<StreamReadyMessage>(stream.Reply);
        await stream.ToApp.WriteAsync("GET /hello HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n"u8.ToArray());
        await stream.ToApp.FlushAsync();
        var response = await ReadToEndAsync(stream);
        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        Assert.Contains("\r\n\r\n18\r\nhello through the tunnel\r\n0\r\n\r\n", response, StringComparison.Ordinal);
        // The taken stream was replaced at once: two parked again.
        await relay.WaitParkedAsync(2, Wait);
    }

    [Fact]
    public async Task Share_AppDown_RepliesFailedWithTheReason()
    {
        var port = FreePort.Allocate();
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start(port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--remote", "allow");
        await share.WaitForAsync("online:");

        await using var stream = await relay.OpenStreamAsync(Wait);

        var failed = Assert.IsType<StreamFailedMessage>(stream.Reply);
        Assert.Equal($"connection refused to 127.0.0.1:{port}", failed.Detail);
    }

    [Fact]
    public async Task Share_HalfClose_EachDirectionEndsOnItsOwn()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start($"127.0.0.1:{port}", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--remote", "allow");
        await share.WaitForAsync("online:");

        var accepting = listener.AcceptTcpClientAsync();
        await using var stream = await relay.OpenStreamAsync(Wait, StreamKind.Tcp);
        using var appSide = await accepting.WaitAsync(Wait);
        var appStream = appSide.GetStream();

        await stream.ToApp.WriteAsync("question"u8.ToArray());
        await stream.CompleteToAppAsync();
        // The app sees the bytes and then the end of the relay's direction...
        var received = new MemoryStream();
        await appStream.CopyToAsync(received).WaitAsync(Wait);
        Assert.Equal("question", Encoding.ASCII.GetString(received.ToArray()));
        // ...and can still answer, which the relay receives before the end of the app's direction.
        await appStream.WriteAsync("answer"u8.ToArray());
        appSide.Client.Shutdown(SocketShutdown.Send);
        var answer = await ReadToEndAsync(stream);
        Assert.Equal("answer", answer);
    }

    [Fact]
    public async Task Share_StreamsMessage_ParksThatManyMore()
    {
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--remote", "allow");
        await share.WaitForAsync("online:");
        await relay.WaitParkedAsync(2, Wait);

        await relay.SendAsync(new StreamsMessage(3));

        await relay.WaitParkedAsync(5, Wait);
    }

    [Fact]
    public async Task Share_StreamDeclinedWith204_ParksItAgain()
    {
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--remote", "allow");
        await share.WaitForAsync("online:");
        await relay.WaitParkedAsync(2, Wait);

        await relay.DeclineStreamAsync(Wait);

        await relay.WaitParkedAsync(2, Wait);
        Assert.Equal(3, relay.ParkedSoFar);
    }

    [Theory]
    [InlineData(ClosingReason.Revoked, "porch share: the relay revoked this token; stopping")]
    [InlineData(ClosingReason.Replaced, "porch share: another client with this token took over myapp; stopping")]
    public async Task Share_ClosedForGood_StopsWithOneLineAndExit1(string reason, string expected)
    {
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--name", "myapp", "--remote", "allow");
        await share.WaitForAsync("online:");

        await relay.SendAsync(new ClosingMessage(reason, "the owner said so"));

        Assert.Equal(1, await share.Exit.WaitAsync(Wait));
        Assert.Equal(expected, share.Err.Lines().Last(l => l.Length > 0));
        Assert.Equal(1, relay.Hellos.Reader.Count);
    }

    [Theory]
    [InlineData(409, TunnelErrorCode.NameTaken)]
    [InlineData(400, TunnelErrorCode.BadName)]
    [InlineData(400, TunnelErrorCode.BadHello)]
    public async Task Share_PermanentRefusal_StopsNamingTheReason(int status, string code)
    {
        await using var relay = await TestRelay.StartAsync();
        relay.Answer = _ => (status, new ErrorMessage(code, "\"myapp\" cannot be yours"));
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--name", "myapp", "--remote", "allow");

        Assert.Equal(1, await share.Exit.WaitAsync(Wait));
        Assert.Equal($"porch share: the relay refused the tunnel: \"myapp\" cannot be yours ({code}); stopping", share.Err.Lines().Last(l => l.Length > 0));
    }

    [Fact]
    public async Task Share_WrongToken_Stops()
    {
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token", "not-the-token", "--remote", "allow");

        Assert.Equal(1, await share.Exit.WaitAsync(Wait));
        Assert.Contains("(bad-token); stopping", share.Err.Lines().Last(l => l.Length > 0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Share_TooManyTunnels_RetriesUntilAccepted()
    {
        await using var relay = await TestRelay.StartAsync();
        var refusals = 2;
        var welcome = relay.Answer;
        relay.Answer = hello => Interlocked.Decrement(ref refusals) >= 0
            ? (429, new ErrorMessage(TunnelErrorCode.TooManyTunnels, "this token holds 5 tunnels already"))
            : welcome(hello);
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--remote", "allow");

        await share.WaitForAsync("online:");

        var retries = share.Err.Lines().Where(l => l.StartsWith("porch share: could not reach the relay (this token holds 5 tunnels already (too-many-tunnels)); retrying in ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retries.Count);
    }

    [Fact]
    public async Task Share_RelayShutsDownAndComesBack_ReconnectsWithin5Seconds()
    {
        var relay = await TestRelay.StartAsync();
        var port = relay.Port;
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--remote", "allow");
        await share.WaitForAsync("online:");

        await relay.SendAsync(new ClosingMessage(ClosingReason.Shutdown, "restarting"));
        await relay.DisposeAsync();
        await share.WaitForAsync("lost the relay (the relay is shutting down); reconnecting in ");
        // Down for a while: the client retries with growing delays.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var started = System.Diagnostics.Stopwatch.StartNew();
        await using var again = await TestRelay.StartAsync(port);
        await again.ControlAsync(Wait);
        var back = started.Elapsed;

        Assert.True(back < TimeSpan.FromSeconds(5), $"online again after {back.TotalSeconds:0.0} s");
        await share.Err.WaitForLineAsync(l => l.StartsWith("porch share: online:", StringComparison.Ordinal) && share.Err.Lines().Count(x => x.Contains("online:", StringComparison.Ordinal)) == 2, Wait);
        Assert.Equal(2, share.Out.Lines().Count(l => l.StartsWith("https://", StringComparison.Ordinal)));
        Assert.Contains(share.Err.Lines(), l => l.StartsWith("porch share: could not reach the relay (connection refused); retrying in ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Share_ConnectionLost_SaysSoAndReconnects()
    {
        var relay = await TestRelay.StartAsync();
        var port = relay.Port;
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--remote", "allow");
        await share.WaitForAsync("online:");

        await relay.DisposeAsync();

        var lost = await share.WaitForAsync("lost the relay (");
        Assert.Matches(@"^porch share: lost the relay \(.+\); reconnecting in \d\.\d s$", lost);
        await using var again = await TestRelay.StartAsync(port);
        await again.ControlAsync(Wait);
    }

    [Fact]
    public async Task Share_RandomName_IsAskedForAgainAfterAReconnect_SoTheUrlStays()
    {
        await using var relay = await TestRelay.StartAsync();
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--remote", "allow");
        Assert.Null((await relay.Hellos.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Name);
        await share.WaitForAsync("online:");

        relay.EndControl();

        Assert.Equal("random1", (await relay.Hellos.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Name);
        await share.Err.WaitForLineAsync(_ => share.Out.Lines().Count(l => l.StartsWith("https://", StringComparison.Ordinal)) == 2, Wait);
        Assert.Single(share.Out.Lines().Where(l => l.Length > 0).Distinct());
    }

    [Fact]
    public async Task Share_RandomNameTakenMeanwhile_AsksForANewOneInsteadOfStopping()
    {
        await using var relay = await TestRelay.StartAsync();
        var welcome = relay.Answer;
        relay.Answer = hello => hello.Name == "random1"
            ? (409, new ErrorMessage(TunnelErrorCode.NameTaken, "the name \"random1\" is reserved to another token"))
            : welcome(hello);
        await using var share = ShareRun.Start("8000", "--relay", relay.Url.ToString(), "--token", TestRelay.Token, "--remote", "allow");
        await share.WaitForAsync("online:");

        relay.EndControl();

        Assert.Null((await relay.Hellos.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Name);
        Assert.Equal("random1", (await relay.Hellos.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Name);
        Assert.Null((await relay.Hellos.Reader.ReadAsync().AsTask().WaitAsync(Wait)).Name);
        await share.WaitForAsync("the name random1 was taken by another client while reconnecting; asking the relay for a new one");
        Assert.False(share.Exit.IsCompleted);
    }

    private static async Task<string> ReadToEndAsync(TestRelay.TestStream stream)
    {
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var result = await stream.FromApp.ReadAsync(timeout.Token);
            foreach (var segment in result.Buffer)
            {
                text.Append(Encoding.UTF8.GetString(segment.Span));
            }

            stream.FromApp.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return text.ToString();
            }
        }
    }

    private static async Task<WebApplication> StartAppAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/hello", () => "hello through the tunnel");
        await app.StartAsync();
        return app;
    }
}
