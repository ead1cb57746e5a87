using System.Buffers;
using System.Net.Sockets;

namespace Porch.Tunnel.Relay;

/// <summary>
/// Copies a public TCP connection's bytes to and from its tunnel stream, both ways at once, one fixed buffer per
/// direction: a side that stops reading stops the copy toward it, and HTTP/2 flow control (RFC 9113 §5.2) carries
/// that back to the sharer, so nothing piles up here. A FIN either way is passed on as a half-close (RFC 9293 §3.6);
/// a failure either way resets both (the public client gets an RST, the stream a reset).
/// </summary>
internal static class TcpPump
{
    /// <summary>Bytes per read; each direction holds one such buffer for the connection's life.</summary>
    public const int BufferSize = 16 * 1024;

    /// <summary>Runs until both directions ended; returns the bytes from the client and the bytes to it.</summary>
    public static async Task<(long In, long Out)> RunAsync(Socket client, TunnelStream tunnel, CancellationToken stop)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var inward = InwardAsync(client, tunnel, failed);
        var outward = OutwardAsync(client, tunnel, failed);
        await Task.WhenAll(inward, outward);
        if (failed.IsCancellationRequested)
        {
            tunnel.Abort();
            client.LingerState = new LingerOption(true, 0);
        }

        return (inward.Result, outward.Result);
    }

    private static async Task<long> InwardAsync(Socket client, TunnelStream tunnel, CancellationTokenSource failed)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = await client.ReceiveAsync(buffer.AsMemory(0, BufferSize), SocketFlags.None, failed.Token)) > 0)
            {
                await tunnel.WriteAsync(buffer.AsMemory(0, read), failed.Token);
                total += read;
            }

            await tunnel.CompleteWritesAsync();
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            await failed.CancelAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }

    private static async Task<long> OutwardAsync(Socket client, TunnelStream tunnel, CancellationTokenSource failed)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = await tunnel.ReadAsync(buffer.AsMemory(0, BufferSize), failed.Token)) > 0)
            {
                await client.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, failed.Token);
                total += read;
            }

            client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            await failed.CancelAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }

    /// <summary>The ways a peer going away shows up; anything else is a bug and is not swallowed.</summary>
    private static bool IsConnectionEnd(Exception e) =>
        e is IOException or OperationCanceledException or SocketException or ObjectDisposedException or InvalidOperationException;
}
