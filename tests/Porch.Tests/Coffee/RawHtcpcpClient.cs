using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Porch.Tests.Coffee;

/// <summary>
/// A client like the ones in the wild: it writes the request (body without Content-Length), never half-closes, and
/// reads the reply with one read of at most 1024 bytes. Then it checks that the pot closed the connection.
/// </summary>
internal static class RawHtcpcpClient
{
    public static async Task<RawReply> ExchangeAsync(int port, string request, TimeSpan? timeout = null) =>
        await ExchangeAsync(port, [Encoding.UTF8.GetBytes(request)], TimeSpan.Zero, timeout);

    /// <summary>Sends <paramref name="parts"/> with <paramref name="pause"/> between them, then does the one read.</summary>
    public static async Task<RawReply> ExchangeAsync(int port, IReadOnlyList<byte[]> parts, TimeSpan pause, TimeSpan? timeout = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var sinceConnect = Stopwatch.StartNew();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < parts.Count; i++)
        {
            if (i > 0)
            {
                await Task.Delay(pause);
            }

            await socket.SendAsync(parts[i], SocketFlags.None);
        }

        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[1024];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token);
        var elapsed = clock.Elapsed;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        return new RawReply(text, elapsed, await ClosedAsync(socket)) { SinceConnect = sinceConnect.Elapsed };
    }

    /// <summary>Whether the pot closes its side (a read returns 0) within a few seconds.</summary>
    public static async Task<bool> ClosedAsync(Socket socket)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
