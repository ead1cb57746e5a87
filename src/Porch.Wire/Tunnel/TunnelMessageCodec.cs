using System.Buffers;
using System.Text.Json;

namespace Porch.Wire.Tunnel;

/// <summary>
/// Encodes and decodes <see cref="TunnelMessage"/> lines. Pure: the caller owns the bytes, so a reader can stop
/// exactly after a line and hand what follows (a data stream's raw bytes) to someone else.
/// </summary>
internal static class TunnelMessageCodec
{
    /// <summary>The message as one UTF-8 JSON line ending in '\n' (JSON escapes every control byte, so no other '\n').</summary>
    public static byte[] Encode(TunnelMessage message)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(message, TunnelJsonContext.Default.TunnelMessage);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>
    /// Looks for one whole line at the start of <paramref name="buffer"/>.
    /// <list type="bullet">
    /// <item><see cref="TunnelDecodeStatus.NeedMore"/>: no '\n' yet, and fewer than <see cref="TunnelProtocol.MaxMessageBytes"/> bytes.</item>
    /// <item><see cref="TunnelDecodeStatus.Message"/>: <paramref name="message"/> is set; <paramref name="consumed"/> is just past the '\n'.</item>
    /// <item><see cref="TunnelDecodeStatus.Invalid"/>: too long, not JSON, or not a known message; <paramref name="error"/> says which.</item>
    /// </list>
    /// </summary>
    public static TunnelDecodeStatus TryDecode(
        ReadOnlySequence<byte> buffer, out TunnelMessage? message, out SequencePosition consumed, out string? error)
    {
        message = null;
        error = null;
        consumed = buffer.Start;
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            if (buffer.Length >= TunnelProtocol.MaxMessageBytes)
            {
                error = $"a message line is longer than {TunnelProtocol.MaxMessageBytes} bytes";
                return TunnelDecodeStatus.Invalid;
            }

            return TunnelDecodeStatus.NeedMore;
        }

        var line = buffer.Slice(0, newline.Value);
        if (line.Length >= TunnelProtocol.MaxMessageBytes)
        {
            error = $"a message line is longer than {TunnelProtocol.MaxMessageBytes} bytes";
            return TunnelDecodeStatus.Invalid;
        }

        try
        {
            var reader = new Utf8JsonReader(line);
            message = JsonSerializer.Deserialize(ref reader, TunnelJsonContext.Default.TunnelMessage);
        }
        catch (JsonException e)
        {
            error = $"a message line is not a tunnel message ({e.Message})";
            return TunnelDecodeStatus.Invalid;
        }
        catch (NotSupportedException e)
        {
            // System.Text.Json reports a missing or unknown "type" discriminator this way.
            error = $"a message line is not a tunnel message ({e.Message})";
            return TunnelDecodeStatus.Invalid;
        }

        if (message is null)
        {
            error = "a message line is JSON null";
            return TunnelDecodeStatus.Invalid;
        }

        consumed = buffer.GetPosition(1, newline.Value);
        return TunnelDecodeStatus.Message;
    }
}
