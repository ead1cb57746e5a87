using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Porch.Tests.Tunnel.Tcp;

/// <summary>
/// An app behind a TCP tunnel at the socket level: a listener on 127.0.0.1:0 that hands each accepted connection to
/// the test (<see cref="AcceptAsync"/>), or echoes every connection (bytes back, then its own FIN after the client's).
/// </summary>
internal sealed class RawTcpApp : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Channel<Socket> accepted = Channel.CreateUnbounded<Socket>();
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private RawTcpApp(bool echo)
    {
        listener.Start();
        loop = AcceptLoopAsync(echo);
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Connections are queued for <see cref="AcceptAsync"/>.</summary>
    public static RawTcpApp Start() => new(echo: false);

    /// <summary>Every connection is echoed until the client's FIN, then closed.</summary>
    public static RawTcpApp StartEcho() => new(echo: true);

    public async Task<Socket> AcceptAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await accepted.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Whether a connection reached the app within <paramref name="wait"/>.</summary>
    public async Task<bool> AnyConnectionAsync(TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        try
        {
            return await accepted.Reader.WaitToReadAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        while (accepted.Reader.TryRead(out var socket))
        {
            socket.Dispose();
        }

        stop.Dispose();
    }

    private async Task AcceptLoopAsync(bool echo)
    {
        while (!stop.IsCancellationRequested)
        {
            var socket = await listener.AcceptSocketAsync(stop.Token);
            if (echo)
            {
                _ = EchoAsync(socket);
            }
            else
            {
                accepted.Writer.TryWrite(socket);
            }
        }
    }

    private static async Task EchoAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await socket.ReceiveAsync(buffer)) > 0)
                {
                    await socket.SendAsync(buffer.AsMemory(0, read));
                }

                socket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
                // The client went away.
            }
        }
    }
}
