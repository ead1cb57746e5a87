using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Porch.Wire.Htcpcp;

namespace Porch.Coffee;

/// <summary>
/// One HTCPCP exchange per connection, read with System.IO.Pipelines:
/// <list type="number">
/// <item>Read until the head is complete (<see cref="HtcpcpRequestParser"/>); bytes that cannot become a request, a head
/// over the limit, a client that closes early or stalls past <see cref="CoffeeOptions.HeaderTimeout"/> get 400.</item>
/// <item>Frame the body: Content-Length when present; otherwise the bytes that came with the request. A BREW whose
/// head arrived alone gets <see cref="CoffeeOptions.BodyGrace"/> for its first body bytes. The pot never waits for
/// the client to close: clients in the wild keep their side open and read the reply with one small read.</item>
/// <item>Answer with <see cref="HtcpcpDispatcher"/>, the whole reply in one write, then close the connection.</item>
/// </list>
/// Each connection fails alone: an exception is logged and that connection closed.
/// </summary>
internal sealed class HtcpcpConnectionHandler(
    HtcpcpDispatcher dispatcher, PotReplies replies, CoffeeOptions options, ILogger<HtcpcpConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var remote = connection.RemoteEndPoint?.ToString() ?? "-";
        try
        {
            var reply = await ReadAndAnswerAsync(connection.Transport.Input, remote);
            await connection.Transport.Output.WriteAsync(reply.Encode());
            await connection.Transport.Output.CompleteAsync();
        }
        catch (Exception e) when (e is IOException or ConnectionResetException or ConnectionAbortedException)
        {
            CoffeeLog.ClientGone(logger, remote);
        }
        catch (Exception e)
        {
            CoffeeLog.ConnectionFailed(logger, remote, e);
        }
    }

    private async Task<HtcpcpResponse> ReadAndAnswerAsync(PipeReader input, string remote)
    {
        using var headerDeadline = new CancellationTokenSource(options.HeaderTimeout);
        using var headerWake = headerDeadline.Token.UnsafeRegister(static state => ((PipeReader)state!).CancelPendingRead(), input);
        CancellationTokenSource? grace = null;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                var buffer = result.Buffer;
                var parse = HtcpcpRequestParser.Parse(Linearize(buffer), options.Limits, out var head);
                if (parse.Status == HtcpcpParseStatus.Invalid)
                {
                    input.AdvanceTo(buffer.End);
                    return Reject(remote, parse.Error == HtcpcpRequestError.BodyTooLarge ? HtcpcpStatus.ContentTooLarge : HtcpcpStatus.BadRequest, parse.Detail);
                }

                var stopped = result.IsCompleted || result.IsCanceled;
                if (parse.Status == HtcpcpParseStatus.Incomplete)
                {
                    if (stopped)
                    {
                        input.AdvanceTo(buffer.End);
                        return Reject(remote, HtcpcpStatus.BadRequest, result.IsCompleted
                            ? "The connection ended before the request did (no blank line after the headers)."
                            : $"The request did not end within {options.HeaderTimeout.TotalSeconds:0} s: each line ends with CRLF, and the headers with an empty line.");
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                var available = (int)Math.Min(buffer.Length - head!.HeadLength, int.MaxValue);
                var bodyLength = head.BodyLength(available);
                var awaitingFirstBytes = head.ContentLength is null && available == 0 && HtcpcpMethods.IsBrew(head.Method);
                if ((bodyLength is null || awaitingFirstBytes) && !stopped)
                {
                    if (awaitingFirstBytes && grace is null)
                    {
                        grace = new CancellationTokenSource(options.BodyGrace);
                        grace.Token.UnsafeRegister(static state => ((PipeReader)state!).CancelPendingRead(), input);
                    }

                    input.AdvanceTo(buffer.Start, buffer.End);
                    continue;
                }

                if (bodyLength is not { } length)
                {
                    input.AdvanceTo(buffer.End);
                    return Reject(remote, HtcpcpStatus.BadRequest, "The body is shorter than its Content-Length.", head.MinorVersion);
                }

                if (length > options.Limits.MaxBodyBytes)
                {
                    input.AdvanceTo(buffer.End);
                    return Reject(remote, HtcpcpStatus.ContentTooLarge, $"A coffee command is at most {options.Limits.MaxBodyBytes} bytes.", head.MinorVersion);
                }

                var body = buffer.Slice(head.HeadLength, length).ToArray();
                input.AdvanceTo(buffer.End);
                var reply = dispatcher.Handle(head, body);
                CoffeeLog.Exchange(logger, remote, head.Method, head.Target, head.Protocol, head.MinorVersion, reply.Status);
                return reply;
            }
        }
        finally
        {
            grace?.Dispose();
        }
    }

    /// <summary>The parser wants contiguous bytes; a head split across pipe segments is copied, bounded by the limits.</summary>
    private ReadOnlySpan<byte> Linearize(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment)
        {
            return buffer.FirstSpan;
        }

        var limit = options.Limits.MaxHeadBytes + 1;
        return (buffer.Length > limit ? buffer.Slice(0, limit) : buffer).ToArray();
    }

    /// <summary>When the request line was unreadable there is no version to mirror: answer as RFC 2324's HTCPCP/1.0.</summary>
    private HtcpcpResponse Reject(string remote, int status, string detail, int minorVersion = 0)
    {
        CoffeeLog.Rejected(logger, remote, status, detail);
        return replies.Text(minorVersion, status, detail);
    }
}
