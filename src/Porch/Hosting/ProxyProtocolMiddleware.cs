using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Porch.Net;
using Porch.Wire.ProxyProtocol;

namespace Porch.Hosting;

/// <summary>
/// The PROXY protocol step of a listener that expects one (scenario 4), before TLS and HTTP:
/// <list type="number">
/// <item>From a trusted proxy the header is required, v1 or v2 (told apart by signature). It is peeked with the
/// connection's <see cref="PipeReader"/> (<c>AdvanceTo(start, end)</c> until a whole header is there), must arrive
/// within <see cref="HeaderTimeout"/>, and is then consumed, so TLS or HTTP read the connection from the byte after
/// it. The header goes in a <see cref="ProxyProtocolFeature"/> that <see cref="ClientAddress"/> reads; LOCAL and
/// UNKNOWN keep the socket's addresses.</item>
/// <item>From anyone else, a connection that starts with a PROXY signature is a forged client address: it is closed
/// and logged. Other connections go on untouched, their first bytes unread.</item>
/// <item>A malformed header, a trusted proxy that sends none, or one too slow to send it: closed and logged.</item>
/// </list>
/// Every outcome is per connection: nothing here throws past the connection.
/// </summary>
internal sealed partial class ProxyProtocolMiddleware(
    ConnectionDelegate next, ProxyProtocolSettings settings, KestrelServerLimits limits, ILogger logger)
{
    /// <summary>A proxy writes the header at once with the connection; a peer that takes longer is not one.</summary>
    public static readonly TimeSpan HeaderTimeout = TimeSpan.FromSeconds(5);

    // CancellationTokenSource timers are bounded to about 24 days; a longer timeout is no timeout here.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

    private enum Outcome
    {
        Continue,
        Close,
    }

    /// <summary>Adds the step to a listener; its settings and logger come from the server's services.</summary>
    public static void Use(ListenOptions listen)
    {
        var services = listen.ApplicationServices;
        var settings = services.GetRequiredService<ProxyProtocolSettings>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Porch.ProxyProtocol");
        listen.Use(next => new ProxyProtocolMiddleware(next, settings, listen.KestrelServerOptions.Limits, logger).OnConnectionAsync);
    }

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var peer = connection.RemoteEndPoint as IPEndPoint;
        // Created with the server's clock, so CancelAfter (Arm) runs on it too.
        using var cancel = new CancellationTokenSource(Timeout.InfiniteTimeSpan, settings.Time);
        using var closing = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested
            .Register(static c => ((CancellationTokenSource)c!).Cancel(), cancel);
        Outcome outcome;
        try
        {
            outcome = settings.TrustedProxies.Contains(peer?.Address)
                ? await ReadHeaderAsync(connection, peer, cancel)
                : await RefuseForgedHeaderAsync(connection, peer, cancel);
        }
        catch (OperationCanceledException)
        {
            LogNoHeaderInTime(logger, peer);
            outcome = Outcome.Close;
        }
        catch (Exception e) when (e is IOException or ConnectionResetException)
        {
            LogClosedEarly(logger, peer);
            outcome = Outcome.Close;
        }

        if (outcome == Outcome.Continue)
        {
            await next(connection);
        }
    }

    private async Task<Outcome> ReadHeaderAsync(ConnectionContext connection, IPEndPoint? peer, CancellationTokenSource cancel)
    {
        Arm(cancel, HeaderTimeout);
        var input = connection.Transport.Input;
        while (true)
        {
            var read = await input.ReadAsync(cancel.Token);
            var buffer = read.Buffer;
            var result = Parse(buffer);
            switch (result.Status)
            {
                case ProxyParseStatus.Done:
                    input.AdvanceTo(buffer.GetPosition(result.Length));
                    var feature = new ProxyProtocolFeature(result.Header!, peer);
                    connection.Features.Set(feature);
                    LogAccepted(logger, result.Header!.Version, peer, feature.Client);
                    return Outcome.Continue;
                case ProxyParseStatus.Malformed:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    LogMalformed(logger, peer, result.Error);
                    return Outcome.Close;
                case ProxyParseStatus.NotProxy:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    LogMissing(logger, peer);
                    return Outcome.Close;
                default:
                    input.AdvanceTo(buffer.Start, buffer.End);
                    if (read.IsCompleted)
                    {
                        LogClosedEarly(logger, peer);
                        return Outcome.Close;
                    }

                    break;
            }
        }
    }

    private async Task<Outcome> RefuseForgedHeaderAsync(ConnectionContext connection, IPEndPoint? peer, CancellationTokenSource cancel)
    {
        // As Kestrel does for a new connection: idle, it gets the keep-alive timeout; once it has started to send,
        // the few bytes that tell a PROXY signature from anything else must follow within the header timeout.
        Arm(cancel, limits.KeepAliveTimeout);
        var input = connection.Transport.Input;
        var started = false;
        while (true)
        {
            var read = await input.ReadAsync(cancel.Token);
            var buffer = read.Buffer;
            var detected = Detect(buffer);
            input.AdvanceTo(buffer.Start, detected == ProxyParseStatus.NeedMoreData ? buffer.End : buffer.Start);
            switch (detected)
            {
                case ProxyParseStatus.NotProxy:
                    return Outcome.Continue;
                case ProxyParseStatus.Done:
                    LogUntrusted(logger, peer);
                    return Outcome.Close;
                default:
                    if (read.IsCompleted)
                    {
                        // Closed before saying anything that is not a signature prefix: an empty or cut-off connection;
                        // HTTP would read nothing more from it either.
                        return Outcome.Close;
                    }

                    if (!started && !buffer.IsEmpty)
                    {
                        started = true;
                        Arm(cancel, HeaderTimeout);
                    }

                    break;
            }
        }
    }

    private static void Arm(CancellationTokenSource cancel, TimeSpan timeout) =>
        cancel.CancelAfter(timeout < LongestTimer ? timeout : Timeout.InfiniteTimeSpan);

    /// <summary>Parses the bytes so far; a header split across segments is copied once into a pooled buffer.</summary>
    private static ProxyParseResult Parse(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return ProxyHeaderParser.Parse(buffer.FirstSpan);
        }

        var length = (int)Math.Min(buffer.Length, ProxyProtocolLimits.V2MaxLength);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(rented);
            return ProxyHeaderParser.Parse(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ProxyParseStatus Detect(in ReadOnlySequence<byte> buffer)
    {
        Span<byte> head = stackalloc byte[ProxyProtocolLimits.V2Signature.Length];
        var length = (int)Math.Min(buffer.Length, head.Length);
        buffer.Slice(0, length).CopyTo(head);
        return ProxyHeaderParser.Detect(head[..length]);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "PROXY header from {Peer}, which is not a trusted proxy: connection closed. If it is your proxy, add it to trustedProxies (--trusted-proxy)")]
    private static partial void LogUntrusted(ILogger logger, IPEndPoint? peer);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Malformed PROXY header from {Peer}: {Reason}; connection closed")]
    private static partial void LogMalformed(ILogger logger, IPEndPoint? peer, string reason);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning,
        Message = "Trusted proxy {Peer} sent no PROXY header on a listener that expects one: connection closed. Turn on send-proxy (v1 or v2) on the proxy")]
    private static partial void LogMissing(ILogger logger, IPEndPoint? peer);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "No PROXY header, nor anything else, from {Peer} in time (or the server is stopping): connection closed")]
    private static partial void LogNoHeaderInTime(ILogger logger, IPEndPoint? peer);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "{Peer} closed the connection before a whole PROXY header")]
    private static partial void LogClosedEarly(ILogger logger, IPEndPoint? peer);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Debug, Message = "PROXY v{Version} header from {Peer}: client {Client}")]
    private static partial void LogAccepted(ILogger logger, int version, IPEndPoint? peer, IPEndPoint? client);
}
