using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Porch.Wire.Tls;

namespace Porch.Tls;

/// <summary>
/// Reads a TLS connection's ClientHello without consuming it (PipeReader.AdvanceTo(start, end) until the parser has it
/// all) and stores what it offered in a <see cref="ClientHelloFeature"/>: SslStream does not tell the server callback
/// the client's ALPN list, which TLS-ALPN-01 (RFC 8737 §3) needs before the certificate is chosen.
/// Bounded in bytes (<see cref="TlsClientHelloLimits"/>) and time (<see cref="TlsPolicy.HandshakeTimeout"/>).
/// A plain HTTP request on the TLS port gets a short 400 saying to use https.
/// </summary>
internal sealed partial class ClientHelloPeekMiddleware(ConnectionDelegate next, ILogger logger)
{
    /// <summary>The largest ClientHello plus its record headers, even in small records.</summary>
    private const int MaxPeekBytes = TlsClientHelloLimits.MaxHandshakeLength + 4096;

    private static readonly byte[] PlainHttpAnswer = Encoding.ASCII.GetBytes(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 54\r\nConnection: close\r\n\r\n" +
        "This port speaks HTTPS: use an https:// address here.\n");

    public async Task OnConnectionAsync(ConnectionContext context)
    {
        var input = context.Transport.Input;
        using var timeout = new CancellationTokenSource(TlsPolicy.HandshakeTimeout);
        TlsClientHello? hello;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                LogPeekTimedOut(logger, context.ConnectionId);
                return;
            }

            var buffer = result.Buffer;
            var status = Parse(buffer, out hello);
            if (status == TlsClientHelloStatus.Complete)
            {
                input.AdvanceTo(buffer.Start);
                break;
            }

            if (status == TlsClientHelloStatus.NotTls)
            {
                input.AdvanceTo(buffer.Start);
                await AnswerPlainHttp(context, buffer.FirstSpan[0]);
                return;
            }

            if (status == TlsClientHelloStatus.Invalid || result.IsCompleted || buffer.Length > MaxPeekBytes)
            {
                input.AdvanceTo(buffer.Start);
                LogBadClientHello(logger, context.ConnectionId, status == TlsClientHelloStatus.Invalid ? "malformed" : "incomplete");
                return;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }

        context.Features.Set(new ClientHelloFeature(hello!));
        await next(context);
    }

    private static TlsClientHelloStatus Parse(ReadOnlySequence<byte> buffer, out TlsClientHello? hello)
    {
        if (buffer.IsSingleSegment)
        {
            return TlsClientHelloParser.TryParse(buffer.FirstSpan, out hello);
        }

        var length = (int)Math.Min(buffer.Length, MaxPeekBytes);
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(copy);
            return TlsClientHelloParser.TryParse(copy.AsSpan(0, length), out hello);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>An HTTP method starts with a letter; anything else is closed without a word.</summary>
    private static async Task AnswerPlainHttp(ConnectionContext context, byte first)
    {
        if (!char.IsAsciiLetterUpper((char)first))
        {
            return;
        }

        await context.Transport.Output.WriteAsync(PlainHttpAnswer);
        await context.Transport.Output.CompleteAsync();
    }

    [LoggerMessage(EventId = 410, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: no ClientHello within the handshake timeout")]
    private static partial void LogPeekTimedOut(ILogger logger, string connectionId);

    [LoggerMessage(EventId = 411, Level = LogLevel.Debug, Message = "Connection {ConnectionId}: {What} TLS ClientHello, closed")]
    private static partial void LogBadClientHello(ILogger logger, string connectionId, string what);
}
