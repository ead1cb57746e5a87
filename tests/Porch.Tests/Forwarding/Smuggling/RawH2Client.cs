using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Porch.Tests.Support;

namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>
/// HTTP/2 by prior knowledge on a bare socket, sending header fields byte for byte as given: HttpClient validates
/// names and values, so fields RFC 9113 §8.2 calls malformed have to be written by hand. Fields go as HPACK literals
/// that are never indexed and never Huffman-coded (RFC 7541 §6.2.3), so every byte is visible on the wire.
/// </summary>
internal sealed class RawH2Client : IDisposable
{
    private const byte Data = 0x0;
    private const byte Headers = 0x1;
    private const byte RstStream = 0x3;
    private const byte Settings = 0x4;
    private const byte GoAway = 0x7;
    private const byte EndStream = 0x1;
    private const byte EndHeaders = 0x4;
    private const byte Ack = 0x1;

    /// <summary>The :status values of the HPACK static table (RFC 7541 Appendix A, indices 8-14).</summary>
    private static readonly int[] StaticStatus = [200, 204, 206, 304, 400, 404, 500];

    private readonly Socket socket;

    private RawH2Client(Socket socket) => this.socket = socket;

    public static async Task<RawH2Client> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(), SocketFlags.None);
        var client = new RawH2Client(socket);
        await client.SendFrameAsync(Settings, 0, 0, []);
        return client;
    }

    /// <summary>Sends a HEADERS frame for stream 1 with the fields exactly as given (Latin-1, one byte per char).</summary>
    public Task SendHeadersAsync(IEnumerable<(string Name, string Value)> fields, bool endStream, int stream = 1) =>
        SendFrameAsync(Headers, (byte)(EndHeaders | (endStream ? EndStream : 0)), stream, HeaderBlock(fields));

    public Task SendDataAsync(string data, bool endStream, int stream = 1) =>
        SendFrameAsync(Data, endStream ? EndStream : (byte)0, stream, Encoding.Latin1.GetBytes(data));

    /// <summary>
    /// A whole request on stream 1 in one write: HEADERS, then the DATA frame that ends the stream when
    /// <paramref name="data"/> is given. Kestrel answers many malformed requests with a connection error (GOAWAY, then
    /// close; RFC 9113 §5.4.1). DATA sent after the HEADERS may land after its last read, and a socket closed with
    /// unread bytes is reset (RFC 9293 §3.6.1 via Linux), which can destroy the GOAWAY before this client reads it.
    /// One write puts both frames in the server's first read, so the answer is the server's own.
    /// </summary>
    public async Task SendRequestAsync(IEnumerable<(string Name, string Value)> fields, string? data)
    {
        var headers = Frame(Headers, (byte)(EndHeaders | (data is null ? EndStream : 0)), 1, HeaderBlock(fields));
        var body = data is null ? [] : Frame(Data, EndStream, 1, Encoding.Latin1.GetBytes(data));
        byte[] request = [.. headers, .. body];
        await socket.SendAsync(request, SocketFlags.None);
    }

    /// <summary>Reads frames until the stream gets a response head, a reset, or the connection ends.</summary>
    public async Task<H2Outcome> ReadOutcomeAsync(TimeSpan timeout, int stream = 1)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (await Http2Frame.ReadAsync(socket, cancel.Token) is { } frame)
            {
                var (type, flags, id, payload) = frame;
                switch (type)
                {
                    case Settings when (flags & Ack) == 0:
                        await SendFrameAsync(Settings, Ack, 0, []);
                        break;
                    case Headers when id == stream:
                        return new H2Outcome(Status(payload, flags), null, null, "open");
                    case RstStream when id == stream:
                        return new H2Outcome(null, BinaryPrimitives.ReadUInt32BigEndian(payload), null, "open");
                    case GoAway:
                        return new H2Outcome(null, null, BinaryPrimitives.ReadUInt32BigEndian(payload.AsSpan(4)), "goaway");
                }
            }
        }
        catch (SocketException e)
        {
            return new H2Outcome(null, null, null, $"socket error {e.SocketErrorCode}");
        }

        return new H2Outcome(null, null, null, "closed by the server");
    }

    public void Dispose() => socket.Dispose();

    /// <summary>
    /// The :status of a response head. Kestrel sends it first, as a static-table index or as a plain literal with the
    /// static name (RFC 7541 §6.1, §6.2.2); nothing else is needed here.
    /// </summary>
    private static int Status(byte[] payload, byte flags)
    {
        var block = payload.AsSpan((flags & 0x8) != 0 ? 1 + payload[0] : 0);
        if (block[0] is >= 0x88 and <= 0x8e)
        {
            return StaticStatus[block[0] - 0x88];
        }

        if (block[0] is 0x08 or 0x48 && (block[1] & 0x80) == 0)
        {
            return int.Parse(Encoding.ASCII.GetString(block.Slice(2, block[1])), System.Globalization.CultureInfo.InvariantCulture);
        }

        throw new InvalidDataException($"unexpected :status encoding 0x{block[0]:x2}");
    }

    private static byte[] HeaderBlock(IEnumerable<(string Name, string Value)> fields)
    {
        var block = new MemoryStream();
        foreach (var (name, value) in fields)
        {
            block.WriteByte(0x10);
            WriteString(block, name);
            WriteString(block, value);
        }

        return block.ToArray();
    }

    /// <summary>An HPACK string literal without Huffman coding: 7-bit prefix length (RFC 7541 §5.1, §5.2), then the bytes.</summary>
    private static void WriteString(MemoryStream block, string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text);
        var length = bytes.Length;
        if (length < 127)
        {
            block.WriteByte((byte)length);
        }
        else
        {
            block.WriteByte(127);
            length -= 127;
            while (length >= 128)
            {
                block.WriteByte((byte)((length & 0x7f) | 0x80));
                length >>= 7;
            }

            block.WriteByte((byte)length);
        }

        block.Write(bytes);
    }

    private async Task SendFrameAsync(byte type, byte flags, int stream, byte[] payload) =>
        await socket.SendAsync(Frame(type, flags, stream, payload), SocketFlags.None);

    private static byte[] Frame(byte type, byte flags, int stream, byte[] payload)
    {
        var frame = new byte[9 + payload.Length];
        frame[0] = (byte)(payload.Length >> 16);
        frame[1] = (byte)(payload.Length >> 8);
        frame[2] = (byte)payload.Length;
        frame[3] = type;
        frame[4] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), stream);
        payload.CopyTo(frame, 9);
        return frame;
    }
}
