using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Porch.Access;
using Porch.Forwarding;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Relay;

/// <summary>
/// One connected tunnel: the client's hello, its access policy and forwarder, its parked streams, the lines waiting
/// to go out on its control stream, and its counters. Lives from the welcome until the client leaves, its connection
/// dies, or the relay closes it (revoked, replaced, shutdown); then every stream of it ends.
/// </summary>
internal sealed class TunnelSession : IAsyncDisposable
{
    private readonly RelaySettings settings;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Channel<TunnelMessage> outgoing = Channel.CreateUnbounded<TunnelMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<TunnelStream, byte> active = new();
    private readonly SemaphoreSlim requests;
    private readonly CancellationTokenSource closed = new();
    private readonly ITimer sweeper;
    private readonly Lock closeGate = new();
    private bool closing;

    public TunnelSession(
        TunnelHello hello, string tokenName, string clientAddress, string transport, RelaySettings settings, ILoggerFactory loggerFactory, TimeProvider time)
    {
        this.settings = settings;
        this.time = time;
        logger = loggerFactory.CreateLogger("Porch.Tunnel.Relay");
        Hello = hello;
        TokenName = tokenName;
        ClientAddress = clientAddress;
        Transport = transport;
        Id = System.Security.Cryptography.RandomNumberGenerator.GetHexString(32, lowercase: true);
        Url = settings.UrlFor(hello.Name);
        ConnectedAt = time.GetUtcNow();
        Pool = new StreamPool(count => outgoing.Writer.TryWrite(new StreamsMessage(count)));
        requests = new SemaphoreSlim(settings.MaxStreams, settings.MaxStreams);
        Forwarder = new Forwarder(
            new ForwarderOptions(new Uri($"{hello.Scheme}://{hello.Name}.tunnel{hello.BasePath}"), settings.ResponseTimeout, settings.MaxStreams)
            {
                Connect = OpenHttpStreamAsync,
                IdleTimeout = settings.AppConnectionIdleTimeout,
                DisplayName = $"tunnel {hello.Name} ({hello.Target} on the sharer's computer)",
            },
            loggerFactory.CreateLogger<Forwarder>());
        var period = TimeSpan.FromTicks(Math.Clamp(Math.Min(settings.ParkedIdleTimeout.Ticks, settings.StreamIdleTimeout.Ticks) / 4,
            TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(30).Ticks));
        sweeper = time.CreateTimer(_ => Sweep(), null, period, period);
    }

    public string Id { get; }

    public TunnelHello Hello { get; }

    public string Name => Hello.Name;

    public string HostName => $"{Hello.Name}.{settings.Domain}";

    public string Url { get; }

    public string TokenName { get; }

    /// <summary>The <c>porch share</c> client's address and port, as the relay saw its connection.</summary>
    public string ClientAddress { get; }

    /// <summary>How the client is connected: <see cref="TunnelExchange.Http2"/> or <see cref="TunnelExchange.WebSocket"/>.</summary>
    public string Transport { get; }

    public DateTimeOffset ConnectedAt { get; }

    public AccessPolicy Policy => Hello.Policy;

    public Forwarder Forwarder { get; }

    public StreamPool Pool { get; }

    public TunnelCounters Counters { get; } = new();

    /// <summary>The tunnel's public TCP port, when it asked for one.</summary>
    public int? TcpPort { get; init; }

    /// <summary>The lines for the control stream: streams asks, then a closing line; completed when the session ends.</summary>
    public ChannelReader<TunnelMessage> Outgoing => outgoing.Reader;

    /// <summary>Cancelled when the session ends.</summary>
    public CancellationToken Closed => closed.Token;

    /// <summary>
    /// Ends the session once: a closing line for the client when <paramref name="reason"/> is set (the relay ended it),
    /// none when the client or its connection did; parked requests dismissed, open streams broken.
    /// </summary>
    public void Close(string? reason, string detail)
    {
        lock (closeGate)
        {
            if (closing)
            {
                return;
            }

            closing = true;
            RelayLog.TunnelClosed(logger, Name, TokenName, reason ?? "client", detail);
            if (reason is not null)
            {
                outgoing.Writer.TryWrite(new ClosingMessage(reason, detail));
            }

            outgoing.Writer.TryComplete();
            closed.Cancel();
        }

        foreach (var parked in Pool.Close())
        {
            _ = DismissAsync(parked);
        }

        foreach (var stream in active.Keys)
        {
            stream.Abort();
        }
    }

    /// <summary>Waits for a free stream slot of this tunnel (bounded): false when it stays busy, so the caller answers 503.</summary>
    public async ValueTask<bool> EnterAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await requests.WaitAsync(settings.StreamWaitTimeout, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Exit() => requests.Release();

    /// <summary>
    /// Opens a data stream of this tunnel: takes a parked request, answers it with <paramref name="open"/>, and waits
    /// for the client's ready line. Failure is an <see cref="HttpRequestException"/> with the reason, which the
    /// forwarder turns into a 502 page naming the app behind the tunnel.
    /// </summary>
    public async ValueTask<Stream> OpenStreamAsync(StreamOpenMessage open, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Closed);
        // A parked request can be gone (client connection died) between take and answer: try the next one.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var parked = await Pool.TakeAsync(settings.StreamWaitTimeout, linked.Token)
                ?? throw new HttpRequestException(HttpRequestError.ConnectionError, Closed.IsCancellationRequested
                    ? "the tunnel closed"
                    : $"the sharer's computer opened no stream within {settings.StreamWaitTimeout.TotalSeconds:0.#} s");
            Stream inner;
            try
            {
                inner = await parked.Answer(linked.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException && !linked.IsCancellationRequested)
            {
                parked.Abort();
                continue;
            }

            return await HandshakeAsync(parked, inner, open, linked.Token);
        }

        throw new HttpRequestException(HttpRequestError.ConnectionError, "the sharer's computer dropped its stream requests");
    }

    /// <summary>Called by a stream when it is disposed.</summary>
    public void StreamEnded(TunnelStream stream)
    {
        if (active.TryRemove(stream, out _))
        {
            Counters.StreamClosed();
        }
    }

    public TunnelInfo Info() => new(
        Name, HostName, Url, TokenName, ClientAddress, Transport, Hello.Target, TcpPort, ConnectedAt,
        Counters.BytesIn, Counters.BytesOut, Counters.OpenStreams, Counters.TotalStreams);

    public async ValueTask DisposeAsync()
    {
        Close(null, "the session ended");
        await sweeper.DisposeAsync();
        Forwarder.Dispose();
        // The token source and the semaphore stay undisposed: public requests that found this session just before
        // it ended still check Closed and call Exit, and neither holds anything but memory (no timer, no wait handle).
    }

    private ValueTask<Stream> OpenHttpStreamAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken) =>
        OpenStreamAsync(new StreamOpenMessage(StreamKind.Http, PublicClient(context.InitialRequestMessage.Headers), 0, HostName, settings.PublicPort), cancellationToken);

    /// <summary>
    /// The public client of the request that needed this connection: the forwarder put the real client first in
    /// X-Forwarded-For (decided once by ClientAddress). Only informative for HTTP streams: each request on the
    /// stream carries its own forwarded headers.
    /// </summary>
    private static string PublicClient(HttpRequestHeaders headers) =>
        headers.TryGetValues(ForwardedHeaders.XForwardedFor, out var values) && values.FirstOrDefault() is { } first
            ? first.Split(',')[0].Trim()
            : "";

    private async ValueTask<Stream> HandshakeAsync(ParkedStream parked, Stream inner, StreamOpenMessage open, CancellationToken cancellationToken)
    {
        // Up to 64 KiB per read: when the forwarder falls behind, the DATA frames waiting for it go out in one read
        // and one flush instead of one per 16 KiB frame.
        var reader = PipeReader.Create(inner, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        using var ready = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ready.CancelAfter(TunnelProtocol.ReadyTimeout);
        string failure;
        try
        {
            await TunnelMessageReader.WriteAsync(inner, open, ready.Token);
            var reply = await TunnelMessageReader.ReadAsync(reader, ready.Token);
            if (reply is StreamReadyMessage)
            {
                var stream = new TunnelStream(inner, reader, parked, this, time);
                active[stream] = 0;
                Counters.StreamOpened();
                if (Closed.IsCancellationRequested)
                {
                    stream.Abort();
                }

                return stream;
            }

            failure = reply switch
            {
                StreamFailedMessage failed => failed.Detail,
                null => "the sharer's computer ended the stream before it was ready",
                _ => $"the sharer's computer answered \"{reply.GetType().Name}\" instead of ready or failed",
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"the sharer's computer did not answer within {TunnelProtocol.ReadyTimeout.TotalSeconds:0.#} s";
        }
        catch (TunnelProtocolException e)
        {
            RelayLog.StreamGarbage(logger, Name, e.Message);
            failure = $"the sharer's computer broke the tunnel protocol ({e.Message})";
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            failure = cancellationToken.IsCancellationRequested ? "the public request ended" : $"the stream broke ({e.Message})";
        }

        await reader.CompleteAsync();
        await inner.DisposeAsync();
        throw new HttpRequestException(HttpRequestError.ConnectionError, failure);
    }

    private static async Task DismissAsync(ParkedStream parked)
    {
        try
        {
            await parked.Dismiss();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or OperationCanceledException)
        {
            // The client already gave the request up.
        }
    }

    private void Sweep()
    {
        var now = time.GetTimestamp();
        foreach (var parked in Pool.TakeIdle(now - (long)(settings.ParkedIdleTimeout.TotalSeconds * time.TimestampFrequency)))
        {
            _ = DismissAsync(parked);
        }

        foreach (var stream in active.Keys)
        {
            if (time.GetElapsedTime(stream.LastActive, now) >= settings.StreamIdleTimeout)
            {
                RelayLog.StreamIdle(logger, Name, settings.StreamIdleTimeout);
                stream.Abort();
            }
        }
    }
}
