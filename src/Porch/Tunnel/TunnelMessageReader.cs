using System.IO.Pipelines;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel;

/// <summary>
/// Reads <see cref="TunnelMessage"/> lines from a tunnel stream through a <see cref="PipeReader"/>, consuming exactly
/// each line: on a data stream, the bytes after the open/ready lines stay in the reader for the raw pump
/// (<see cref="PipeReader.AsStream"/>).
/// </summary>
internal static class TunnelMessageReader
{
    /// <summary>
    /// The next message, or null at a clean end of stream (nothing pending). A malformed or over-long line, or an end
    /// in the middle of one, throws <see cref="TunnelProtocolException"/> naming the problem.
    /// </summary>
    public static async ValueTask<TunnelMessage?> ReadAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            switch (TunnelMessageCodec.TryDecode(buffer, out var message, out var consumed, out var error))
            {
                case TunnelDecodeStatus.Message:
                    reader.AdvanceTo(consumed);
                    return message;
                case TunnelDecodeStatus.Invalid:
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    throw new TunnelProtocolException(error!);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                var empty = buffer.IsEmpty;
                reader.AdvanceTo(buffer.Start, buffer.End);
                return empty ? null : throw new TunnelProtocolException("the stream ended in the middle of a message line");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Writes one message line and flushes it, so the peer sees it now.</summary>
    public static async ValueTask WriteAsync(Stream stream, TunnelMessage message, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(TunnelMessageCodec.Encode(message), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
