using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Porch.Tunnel;
using Porch.Wire.Tunnel;

namespace Porch.Tests.Tunnel.Relay;

/// <summary>
/// A minimal tunnel client written against the wire contract alone, on HttpClient's HTTP/2 (one connection): the
/// control request with the hello, parked stream requests, and for each answered one a TCP connection to the app
/// (or a failed line). It speaks the protocol the real <c>porch share</c> speaks, so the relay is tested through
/// its real endpoints; tests can also send what a broken client would.
/// </summary>
internal sealed class TestTunnelClient : IAsyncDisposable
{
    private readonly HttpClient http;
    private readonly Uri relay;
    private readonly DuplexContent control = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Channel<TunnelMessage> messages = Channel.CreateUnbounded<TunnelMessage>();
    private readonly List<Task> parkers = [];
    private readonly Func<StreamOpenMessage, Task<Stream>> dial;
    private HttpResponseMessage? response;

    private TestTunnelClient(RelayTestHost host, Func<StreamOpenMessage, Task<Stream>> dial)
    {
        this.dial = dial;
        relay = host.RelayUri;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            ConnectCallback = async (_, token) => await PublicVisitor.LoopbackAsync(host.Port, token),
        };
        host.Trust(handler);
        http = new HttpClient(handler)
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public int StatusCode { get; private set; }

    public ErrorMessage? Error { get; private set; }

    public WelcomeMessage? Welcome { get; private set; }

    /// <summary>Lines after the welcome (streams asks, closing); completed when the control response ends.</summary>
    public ChannelReader<TunnelMessage> Messages => messages.Reader;

    /// <summary>How many data streams the relay opened on this client.</summary>
    public int StreamsOpened => Volatile.Read(ref streamsOpened);

    private int streamsOpened;

    /// <summary>Connects with <paramref name="hello"/>; parks streams that dial the app at 127.0.0.1:<paramref name="appPort"/>.</summary>
    public static Task<TestTunnelClient> ConnectAsync(RelayTestHost host, string token, HelloMessage hello, int appPort) =>
        ConnectAsync(host, token, hello, _ => PublicVisitor.LoopbackAsync(appPort, CancellationToken.None));

    public static async Task<TestTunnelClient> ConnectAsync(
        RelayTestHost host, string? token, HelloMessage hello, Func<StreamOpenMessage, Task<Stream>> dial)
    {
        var client = new TestTunnelClient(host, dial);
        try
        {
            await client.OpenControlAsync(token, TunnelMessageCodec.Encode(hello));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + "\nRelay log:\n" + string.Join('\n', host.Log.Entries) + "\nAccess log:\n" + string.Join('\n', host.Host.AccessLog.Lines()), e);
        }

        return client;
    }

    /// <summary>Sends raw bytes as the control body instead of a hello, for garbage tests.</summary>
    public static async Task<TestTunnelClient> ConnectRawAsync(RelayTestHost host, string token, byte[] body)
    {
        var client = new TestTunnelClient(host, _ => throw new InvalidOperationException("no app"));
        await client.OpenControlAsync(token, body);
        return client;
    }

    public static HelloMessage Hello(string? name, TunnelAccess? access = null, string scheme = "http") =>
        new(TunnelProtocol.Version, name, false, scheme, "", "http://127.0.0.1:8000", access);

    public static TunnelAccess Everyone => new("allow", [], [], [], null, null);

    /// <summary>Writes more on the control stream (what a broken client would).</summary>
    public async Task SendOnControlAsync(byte[] bytes)
    {
        var body = await control.Stream;
        await body.WriteAsync(bytes);
        await body.FlushAsync();
    }

    /// <summary>Ends the control request: the client leaves.</summary>
    public void EndControl() => control.Complete();

    /// <summary>The next control line, or null when the control response ended.</summary>
    public async Task<TunnelMessage?> NextMessageAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await messages.Reader.ReadAsync(cts.Token);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Raw stream request with this session header, answered or not: for the endpoint's own refusals.</summary>
    public Task<HttpResponseMessage> SendStreamRequestAsync(string session, HttpContent? content, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(relay, TunnelProtocol.StreamPath)) { Content = content ?? new DuplexContent(), Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Add(TunnelProtocol.SessionHeader, session);
        return http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        control.Complete();
        try
        {
            await Task.WhenAll(parkers).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException or TimeoutException)
        {
            // Parked requests end with the connection.
        }

        response?.Dispose();
        http.Dispose();
        stop.Dispose();
    }

    /// <summary>Bound on each step of the handshake, so a broken relay fails the test instead of hanging it.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(20);

    private async Task OpenControlAsync(string? token, byte[] first)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(relay, TunnelProtocol.ControlPath))
        {
            Content = control,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        var sending = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token);
        var body = await control.Stream.WaitAsync(Step, "the control request's body never started");
        try
        {
            await body.WriteAsync(first);
            await body.FlushAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // The relay may refuse (401) before it reads the hello: its answer is what counts.
        }

        response = await sending.WaitAsync(Step, "no response headers on the control request");
        StatusCode = (int)response.StatusCode;
        var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync());
        var message = await TunnelMessageReader.ReadAsync(reader, stop.Token).AsTask().WaitAsync(Step, "no first line on the control response");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            Error = message as ErrorMessage;
            messages.Writer.TryComplete();
            return;
        }

        Welcome = (WelcomeMessage)message!;
        for (var i = 0; i < Welcome.ParkedStreams; i++)
        {
            Park();
        }

        _ = ReadControlAsync(reader);
    }

    private async Task ReadControlAsync(PipeReader reader)
    {
        try
        {
            while (await TunnelMessageReader.ReadAsync(reader, stop.Token) is { } message)
            {
                if (message is StreamsMessage more)
                {
                    for (var i = 0; i < more.Count; i++)
                    {
                        Park();
                    }
                }

                messages.Writer.TryWrite(message);
                if (message is ClosingMessage)
                {
                    // As porch share does: the tunnel is over, so end the control request; the relay waits for that.
                    control.Complete();
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException or TunnelProtocolException)
        {
            // The control stream ended with the connection.
        }

        messages.Writer.TryComplete();
    }

    private void Park()
    {
        if (stop.IsCancellationRequested)
        {
            return;
        }

        lock (parkers)
        {
            parkers.RemoveAll(t => t.IsCompleted);
            parkers.Add(Task.Run(ParkOneAsync));
        }
    }

    private async Task ParkOneAsync()
    {
        var body = new DuplexContent();
        HttpResponseMessage answered;
        try
        {
            answered = await SendStreamRequestAsync(Welcome!.Session, body, stop.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            body.Complete();
            return;
        }

        using (answered)
        {
            if (answered.StatusCode != HttpStatusCode.OK)
            {
                body.Complete();
                if (answered.StatusCode == HttpStatusCode.NoContent)
                {
                    Park();
                }

                return;
            }

            // The relay took this one: park a replacement at once, as porch share does.
            Park();
            Interlocked.Increment(ref streamsOpened);
            try
            {
                await CarryAsync(answered, body);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or HttpRequestException or TunnelProtocolException or SocketException)
            {
                // One stream failing ends that stream only.
            }
            finally
            {
                body.Complete();
            }
        }
    }

    private async Task CarryAsync(HttpResponseMessage answered, DuplexContent body)
    {
        var down = PipeReader.Create(await answered.Content.ReadAsStreamAsync(stop.Token));
        var up = await body.Stream;
        var open = (StreamOpenMessage)(await TunnelMessageReader.ReadAsync(down, stop.Token))!;
        Stream app;
        try
        {
            app = await dial(open);
        }
        catch (Exception e) when (e is SocketException or IOException or InvalidOperationException)
        {
            // Failed, then end the request and wait for the relay to end the response: resetting the stream
            // instead could destroy the failed line before the relay reads it.
            await TunnelMessageReader.WriteAsync(up, new StreamFailedMessage($"cannot reach the app: {e.Message}"), stop.Token);
            body.Complete();
            await down.AsStream().CopyToAsync(Stream.Null, stop.Token);
            return;
        }

        await using (app)
        {
            await TunnelMessageReader.WriteAsync(up, new StreamReadyMessage(), stop.Token);
            var toApp = CopyThenShutdownAsync(down.AsStream(), app);
            var fromApp = CopyFromAppAsync(app, up, body);
            await Task.WhenAll(toApp, fromApp);
        }
    }

    private async Task CopyThenShutdownAsync(Stream from, Stream app)
    {
        await from.CopyToAsync(app, stop.Token);
        if (app is NetworkStream network)
        {
            network.Socket.Shutdown(SocketShutdown.Send);
        }
    }

    private async Task CopyFromAppAsync(Stream app, Stream up, DuplexContent body)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await app.ReadAsync(buffer, stop.Token)) > 0)
        {
            await up.WriteAsync(buffer.AsMemory(0, read), stop.Token);
            await up.FlushAsync(stop.Token);
        }

        body.Complete();
    }
}
