using System.Buffers;
using System.IO.Pipelines;
using System.Net;

namespace Porch.Forwarding;

/// <summary>
/// The client's request body as outgoing content, copied chunk by chunk as it arrives: never buffered whole, so a
/// 1 GiB upload costs a few pipe segments. Remembers which side failed, since both surface as one exception.
/// </summary>
internal sealed class StreamingRequestContent(PipeReader client, ForwardingDeadline deadline) : HttpContent
{
    /// <summary>The copy, once the handler started it (it does not for an upstream that answers before 100 Continue).</summary>
    public Task? Copying { get; private set; }

    /// <summary>The exception reading from the client, if that is what failed.</summary>
    public Exception? ClientError { get; private set; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // The handler would only call this twice to retry a request whose body it had not started sending.
        if (Copying is not null)
        {
            throw new InvalidOperationException("The client's request body can be sent only once.");
        }

        Copying = CopyAsync(stream, cancellationToken);
        return Copying;
    }

    protected override bool TryComputeLength(out long length)
    {
        // The length, when the client gave one, is set as Content-Length by the forwarder; otherwise it is unknown
        // and the body goes chunked.
        length = 0;
        return false;
    }

    /// <summary>Largest piece written at once when the client's bytes arrived in many small pool blocks.</summary>
    private const int CoalesceSize = 64 * 1024;

    private async Task CopyAsync(Stream upstream, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await client.ReadAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ClientError = e;
                throw;
            }

            var buffer = result.Buffer;
            try
            {
                await WriteAsync(upstream, buffer, cancellationToken);

                // Flushed per chunk so a streaming client (a long poll upload, gRPC) reaches the app as it sends.
                if (!buffer.IsEmpty)
                {
                    await upstream.FlushAsync(cancellationToken);
                    deadline.Progress();
                }
            }
            finally
            {
                client.AdvanceTo(buffer.End);
            }

            if (result.IsCompleted || result.IsCanceled)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Writes what arrived. Kestrel hands a body over in 4 KiB pool blocks; written one by one, each would be its own
    /// write to the upstream connection (and through a tunnel its own HTTP/2 frame, TLS record and flush). So blocks
    /// are gathered into pieces of up to 64 KiB first: one copy, many fewer writes.
    /// </summary>
    private static async ValueTask WriteAsync(Stream upstream, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsSingleSegment)
        {
            await upstream.WriteAsync(buffer.First, cancellationToken);
            return;
        }

        var piece = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length, CoalesceSize));
        try
        {
            while (!buffer.IsEmpty)
            {
                var length = (int)Math.Min(buffer.Length, piece.Length);
                buffer.Slice(0, length).CopyTo(piece);
                await upstream.WriteAsync(piece.AsMemory(0, length), cancellationToken);
                buffer = buffer.Slice(length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(piece);
        }
    }
}
