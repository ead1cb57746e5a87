using System.Net;
using System.Net.Sockets;

namespace Porch.Tests.Tunnel.Tcp;

/// <summary>A public client of a tunnel's TCP port, from a chosen loopback source address (so it differs from the relay's).</summary>
internal static class PublicTcp
{
    public static async Task<Socket> ConnectAsync(int port, string source = "127.0.0.1")
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads until the peer's FIN (or <paramref name="limit"/> bytes); a reset or a timeout throws.</summary>
    public static async Task<byte[]> ReadToEndAsync(Socket socket, TimeSpan timeout, int limit = 64 * 1024 * 1024)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var data = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while (data.Length < limit && (read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token)) > 0)
        {
            data.Write(buffer, 0, read);
        }

        return data.ToArray();
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    public static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var buffer = new byte[count];
        var total = 0;
        while (total < count)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, cts.Token);
            if (read == 0)
            {
                throw new IOException($"the connection ended after {total} of {count} bytes");
            }

            total += read;
        }

        return buffer;
    }

    /// <summary>
    /// Whether the connection was ended without a byte (FIN or reset) within <paramref name="timeout"/>: what a refused
    /// public client sees.
    /// </summary>
    public static async Task<bool> EndsWithoutDataAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            return await socket.ReceiveAsync(new byte[1], SocketFlags.None, cts.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
