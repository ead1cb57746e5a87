using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Porch.Tests.Support;

namespace Porch.Tests.Hosting;

/// <summary>Just enough HTTP/2 on a bare socket to watch connection-level frames (RFC 9113 §4.1, §6.8).</summary>
internal sealed class RawHttp2Connection : IDisposable
{
    public const byte Settings = 0x4;
    public const byte GoAway = 0x7;
    private readonly Socket socket;

    private RawHttp2Connection(Socket socket) => this.socket = socket;

    /// <summary>Connects and sends the prior-knowledge preface and an empty SETTINGS frame (RFC 9113 §3.4).</summary>
    public static async Task<RawHttp2Connection> ConnectAsync(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        await socket.SendAsync("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(), SocketFlags.None);
        await socket.SendAsync(new byte[] { 0, 0, 0, Settings, 0, 0, 0, 0, 0 }, SocketFlags.None);
        return new RawHttp2Connection(socket);
    }

    /// <summary>Reads frames until one of <paramref name="type"/>; returns its payload, or null if the connection ends first.</summary>
    public async Task<byte[]?> ReadUntilAsync(byte type, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (await Http2Frame.ReadAsync(socket, cancel.Token) is { } frame)
            {
                if (frame.Type == type)
                {
                    return frame.Payload;
                }
            }
        }
        catch (SocketException)
        {
        }

        return null;
    }

    /// <summary>The error code of a GOAWAY payload (after the last stream id).</summary>
    public static uint ErrorCode(byte[] goAway) => BinaryPrimitives.ReadUInt32BigEndian(goAway.AsSpan(4));

    public void Dispose() => socket.Dispose();
}
