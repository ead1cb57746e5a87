using System.Buffers.Binary;
using System.Net.Sockets;

namespace Porch.Tests.Support;

/// <summary>One HTTP/2 frame as read off a bare socket (RFC 9113 §4.1), for the raw HTTP/2 test clients.</summary>
internal sealed record Http2Frame(byte Type, byte Flags, int Stream, byte[] Payload)
{
    /// <summary>The next frame, or null when the peer closes the connection first.</summary>
    public static async Task<Http2Frame?> ReadAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = new byte[9];
        if (!await ReceiveExactlyAsync(socket, header, cancellationToken))
        {
            return null;
        }

        var payload = new byte[(header[0] << 16) | (header[1] << 8) | header[2]];
        return await ReceiveExactlyAsync(socket, payload, cancellationToken)
            ? new Http2Frame(header[3], header[4], BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & int.MaxValue, payload)
            : null;
    }

    private static async Task<bool> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer[read..], SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
