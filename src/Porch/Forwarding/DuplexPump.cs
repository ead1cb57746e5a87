using System.Buffers;

namespace Porch.Forwarding;

/// <summary>Copies bytes both ways between an upgraded client stream and the upstream's, until one side is done.</summary>
internal static class DuplexPump
{
    /// <summary>
    /// After the client stops sending, how long the upstream may still talk (the end of a WebSocket close handshake,
    /// RFC 6455 §7.1.1) before both directions are cut.
    /// </summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private const int BufferSize = 16 * 1024;

    /// <summary>
    /// Runs both directions. When the upstream closes, its side is over and the client is cut at once; when the
    /// client closes first, the upstream gets <see cref="CloseGrace"/> to finish. Either way both copies have
    /// stopped when this returns, and neither throws: a peer leaving is the normal end of an upgraded stream.
    /// </summary>
    public static async Task RunAsync(Stream client, Stream upstream, ForwardingDeadline deadline)
    {
        var toUpstream = CopyAsync(client, upstream, deadline.Token);
        var toClient = CopyAsync(upstream, client, deadline.Token);
        var first = await Task.WhenAny(toUpstream, toClient);
        if (first == toUpstream && !toClient.IsCompleted)
        {
            await Task.WhenAny(toClient, Task.Delay(CloseGrace, deadline.Token));
        }

        deadline.Cancel();
        await Task.WhenAll(toUpstream, toClient);
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                // An HTTP/2 stream buffers writes; each message must go out as it comes.
                await to.FlushAsync(cancellationToken);
            }
        }
        catch (Exception)
        {
            // The peer left or the other direction ended first: either way this direction is over.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
