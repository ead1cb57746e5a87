using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Porch.Hosting;

/// <summary>
/// Tells HTTP/2 by prior knowledge from HTTP/1.1 on a cleartext connection by its first bytes: such a client
/// starts with the 24-byte connection preface (RFC 9113 §3.4), which no HTTP/1.1 request line can begin with.
/// The bytes are peeked, not consumed (<c>AdvanceTo(start, end)</c> while more are needed, <c>AdvanceTo(start)</c>
/// once decided), so the protocol that follows reads the connection from its first byte. An HTTP/1.1 request is
/// known by its first byte or two, so HTTP/1.1 pays almost nothing for the check.
/// </summary>
internal sealed class H2cPrefaceMiddleware(ConnectionDelegate next, H2cHandoff handoff, KestrelServerLimits limits)
{
    // CancellationTokenSource timers are bounded to about 24 days; a longer timeout is no timeout here.
    private static readonly TimeSpan LongestTimer = TimeSpan.FromDays(1);

    private enum Detected
    {
        NeedMore,
        Http1,
        Http2,
        Closed,
    }

    private static ReadOnlySpan<byte> Preface => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8;

    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        if (connection.Features.Get<ITlsConnectionFeature>() is not null)
        {
            // Over TLS, ALPN chooses the protocol (RFC 9113 §3.2).
            await next(connection);
            return;
        }

        switch (await DetectAsync(connection))
        {
            case Detected.Http1:
                await next(connection);
                break;
            case Detected.Http2:
                await handoff.ServeAsync(connection);
                break;
            default:
                // Closed, or too slow to send its first bytes: returning lets Kestrel close the socket.
                break;
        }
    }

    private async Task<Detected> DetectAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        using var cancel = new CancellationTokenSource();
        // As in Kestrel's HTTP/1.1: an idle new connection gets the keep-alive timeout, and from its first byte the
        // request head (of which the preface is part) must arrive within the header timeout, so a client that sends
        // a byte now and then is dropped here as it would be while sending headers.
        Arm(cancel, limits.KeepAliveTimeout);
        var started = false;
        using var closing = connection.Features.Get<IConnectionLifetimeNotificationFeature>()?.ConnectionClosedRequested
            .Register(static c => ((CancellationTokenSource)c!).Cancel(), cancel);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(cancel.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                return Detected.Closed;
            }

            var buffer = result.Buffer;
            var detected = Classify(buffer, result.IsCompleted);
            var first = !started && !buffer.IsEmpty;
            input.AdvanceTo(buffer.Start, detected == Detected.NeedMore ? buffer.End : buffer.Start);
            if (detected != Detected.NeedMore)
            {
                return detected;
            }

            if (first)
            {
                started = true;
                Arm(cancel, limits.RequestHeadersTimeout);
            }
        }
    }

    private static void Arm(CancellationTokenSource cancel, TimeSpan timeout) =>
        cancel.CancelAfter(timeout < LongestTimer ? timeout : Timeout.InfiniteTimeSpan);

    private static Detected Classify(in ReadOnlySequence<byte> buffer, bool completed)
    {
        if (buffer.IsEmpty)
        {
            return completed ? Detected.Closed : Detected.NeedMore;
        }

        var length = (int)Math.Min(buffer.Length, Preface.Length);
        Span<byte> head = stackalloc byte[Preface.Length];
        buffer.Slice(0, length).CopyTo(head);
        if (!head[..length].SequenceEqual(Preface[..length]))
        {
            return Detected.Http1;
        }

        if (length == Preface.Length)
        {
            return Detected.Http2;
        }

        // A cut-off preface is not HTTP/2; HTTP/1.1 answers it with 400 and closes.
        return completed ? Detected.Http1 : Detected.NeedMore;
    }
}
