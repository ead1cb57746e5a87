using System.Buffers;

namespace Porch.Tunnel.Client;

/// <summary>
/// Copies one public connection's bytes between a tunnel stream and the app, both ways at once, through one fixed
/// buffer per direction: a side that stops reading stops the copy toward it, and HTTP/2 flow control (RFC 9113 §5.2)
/// passes that back to the public client, so nothing piles up here. One direction ending is passed on as a half-close;
/// the stream is over when both have ended or either fails.
/// </summary>
internal static class StreamPump
{
    /// <summary>
    /// Bytes per read from the app. 64 KiB: a bulk transfer then costs a quarter of the reads, HTTP/2 writes and
    /// wake-ups it did with 16 KiB, while the HTTP/2 layer still cuts it into frames of the peer's size (RFC 9113
    /// §4.2). Rented only for the stream's life.
    /// </summary>
    public const int BufferSize = 64 * 1024;

    public static async Task RunAsync(TunnelChannel channel, AppConnection app, CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var toApp = ToAppAsync(channel, app, failed);
        var toRelay = ToRelayAsync(channel, app, failed);
        await Task.WhenAll(toApp, toRelay);
    }

    private static async Task ToAppAsync(TunnelChannel channel, AppConnection app, CancellationTokenSource failed)
    {
        try
        {
            while (true)
            {
                var result = await channel.Input.ReadAsync(failed.Token);
                foreach (var segment in result.Buffer)
                {
                    await app.Stream.WriteAsync(segment, failed.Token);
                }

                channel.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            await app.CompleteWritesAsync();
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            await failed.CancelAsync();
        }
    }

    private static async Task ToRelayAsync(TunnelChannel channel, AppConnection app, CancellationTokenSource failed)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await app.Stream.ReadAsync(buffer.AsMemory(0, BufferSize), failed.Token)) > 0)
            {
                await channel.Output.WriteAsync(buffer.AsMemory(0, read), failed.Token);
                // Flushed when the app has nothing more waiting right now, so an interactive app (a WebSocket, a
                // terminal) never waits for a full buffer, while a bulk body goes out in fewer, larger flushes.
                if (!app.HasPendingBytes)
                {
                    await channel.Output.FlushAsync(failed.Token);
                }
            }

            await channel.CompleteOutputAsync();
        }
        catch (Exception e) when (IsConnectionEnd(e))
        {
            await failed.CancelAsync();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The ways a peer going away shows up; anything else is a bug and is not swallowed.</summary>
    private static bool IsConnectionEnd(Exception e) =>
        e is IOException or OperationCanceledException or HttpRequestException or ObjectDisposedException
            or System.Net.Sockets.SocketException;
}
