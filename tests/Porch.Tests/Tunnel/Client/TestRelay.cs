using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Porch.Tunnel;
using Porch.Wire.Tunnel;

namespace Porch.Tests.Tunnel.Client;

/// <summary>
/// The relay's side of the tunnel protocol on a real Kestrel (HTTP/2 by prior knowledge on 127.0.0.1), driven by the
/// test: it checks the token, answers the hello as told, holds parked stream requests, and opens streams on demand,
/// so the share client meets a peer over real sockets and a fault can be made exactly when a test needs it.
/// </summary>
internal sealed class TestRelay : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Channel<ParkedRequest> parked = Channel.CreateUnbounded<ParkedRequest>();
    private readonly Lock sync = new();
    private TaskCompletionSource<HttpContext> control = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource controlEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TestRelay(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public const string Token = "test-token-0123456789";

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>Every hello the relay received, in order.</summary>
    public Channel<HelloMessage> Hellos { get; } = Channel.CreateUnbounded<HelloMessage>();

    /// <summary>How the relay answers a hello: a status and its first line. Default: 200 and a welcome.</summary>
    public Func<HelloMessage, (int Status, TunnelMessage Message)> Answer { get; set; } = _ => (503, new ErrorMessage(TunnelErrorCode.Unavailable, "starting"));

    /// <summary>Parked requests answered with a stream so far plus those still waiting.</summary>
    public int ParkedSoFar => Volatile.Read(ref parkedSoFar);

    // Kestrel runs the parked requests' handlers concurrently: a plain ++ lost counts under load.
    private int parkedSoFar;

    public static async Task<TestRelay> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            // Parked requests send nothing for a long time and bulk streams exceed any body size: the relay must
            // lift these limits on tunnel streams, and so does this stand-in.
            options.Limits.MinRequestBodyDataRate = null;
            options.Limits.MinResponseDataRate = null;
            options.Limits.MaxRequestBodySize = null;
            options.Limits.Http2.MaxStreamsPerConnection = 1000;
            options.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        TestRelay? relay = null;
        app.Run(context => relay!.HandleAsync(context));
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        relay = new TestRelay(app, bound.Port);
        relay.Answer = hello => (200, new WelcomeMessage(
            hello.Name ?? "random1", $"https://{hello.Name ?? "random1"}.localhost:{relay.Port}/", null, "session-1", 2, 100));
        return relay;
    }

    /// <summary>Waits for the current control stream's request (the tunnel is up once the welcome went out).</summary>
    public Task<HttpContext> ControlAsync(TimeSpan timeout)
    {
        lock (sync)
        {
            return control.Task.WaitAsync(timeout);
        }
    }

    /// <summary>Sends one line on the current control stream.</summary>
    public async Task SendAsync(TunnelMessage message)
    {
        var context = await ControlAsync(TimeSpan.FromSeconds(30));
        await context.Response.BodyWriter.WriteAsync(TunnelMessageCodec.Encode(message));
        await context.Response.BodyWriter.FlushAsync();
    }

    /// <summary>Ends the current control stream cleanly (the response ends).</summary>
    public void EndControl()
    {
        lock (sync)
        {
            controlEnd.TrySetResult();
        }
    }

    /// <summary>Answers one parked request with 200 and an open line, and returns the stream once the client replied.</summary>
    public async Task<TestStream> OpenStreamAsync(TimeSpan timeout, string kind = StreamKind.Http)
    {
        var request = await parked.Reader.ReadAsync().AsTask().WaitAsync(timeout);
        var response = request.Context.Response;
        response.StatusCode = 200;
        await response.StartAsync();
        await response.BodyWriter.WriteAsync(TunnelMessageCodec.Encode(new StreamOpenMessage(kind, "203.0.113.9", 50123, "127.0.0.1", Port)));
        await response.BodyWriter.FlushAsync();
        var reply = await TunnelMessageReader.ReadAsync(request.Context.Request.BodyReader, CancellationToken.None).AsTask().WaitAsync(timeout);
        return new TestStream(request, reply);
    }

    /// <summary>Answers one parked request with 204: the client parks it again.</summary>
    public async Task DeclineStreamAsync(TimeSpan timeout)
    {
        var request = await parked.Reader.ReadAsync().AsTask().WaitAsync(timeout);
        request.Context.Response.StatusCode = 204;
        request.Done.TrySetResult();
    }

    /// <summary>Waits until <paramref name="count"/> requests are parked.</summary>
    public async Task WaitParkedAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (parked.Reader.Count < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{parked.Reader.Count} stream requests parked, expected {count}");
            }

            await Task.Delay(20);
        }
    }

    public int Parked => parked.Reader.Count;

    public async ValueTask DisposeAsync()
    {
        EndControl();
        while (parked.Reader.TryRead(out var request))
        {
            request.Done.TrySetResult();
        }

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await app.StopAsync(stopping.Token);
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path == TunnelProtocol.StreamPath && context.Request.Headers[TunnelProtocol.SessionHeader] == "session-1")
        {
            var request = new ParkedRequest(context, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            Interlocked.Increment(ref parkedSoFar);
            parked.Writer.TryWrite(request);
            await request.Done.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (context.Request.Path != TunnelProtocol.ControlPath)
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (context.Request.Headers.Authorization != $"Bearer {Token}")
        {
            await RefuseAsync(context, 401, new ErrorMessage(TunnelErrorCode.BadToken, "this relay does not know that token"));
            return;
        }

        var hello = (HelloMessage)(await TunnelMessageReader.ReadAsync(context.Request.BodyReader, context.RequestAborted))!;
        Hellos.Writer.TryWrite(hello);
        var (status, first) = Answer(hello);
        if (status != 200)
        {
            await RefuseAsync(context, status, first);
            return;
        }

        context.Response.StatusCode = 200;
        await context.Response.StartAsync();
        await context.Response.BodyWriter.WriteAsync(TunnelMessageCodec.Encode(first));
        await context.Response.BodyWriter.FlushAsync();
        Task end;
        lock (sync)
        {
            control.TrySetResult(context);
            end = controlEnd.Task;
        }

        await end.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        lock (sync)
        {
            control = new(TaskCreationOptions.RunContinuationsAsynchronously);
            controlEnd = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private static async Task RefuseAsync(HttpContext context, int status, TunnelMessage message)
    {
        context.Response.StatusCode = status;
        await context.Response.BodyWriter.WriteAsync(TunnelMessageCodec.Encode(message));
    }

    internal sealed record ParkedRequest(HttpContext Context, TaskCompletionSource Done);

    /// <summary>One open stream as the relay sees it: the client's reply, its bytes in, the relay's bytes out.</summary>
    internal sealed class TestStream(ParkedRequest request, TunnelMessage? reply) : IAsyncDisposable
    {
        public TunnelMessage? Reply => reply;

        /// <summary>The app's bytes, through the client.</summary>
        public PipeReader FromApp => request.Context.Request.BodyReader;

        /// <summary>Bytes for the app, through the client.</summary>
        public PipeWriter ToApp => request.Context.Response.BodyWriter;

        /// <summary>Ends only the relay's direction: the response ends while the client's bytes still come in.</summary>
        public Task CompleteToAppAsync() => request.Context.Response.CompleteAsync();

        /// <summary>Ends the stream and lets the request finish.</summary>
        public ValueTask DisposeAsync()
        {
            request.Done.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
