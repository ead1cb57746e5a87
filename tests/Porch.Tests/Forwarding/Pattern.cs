using System.Net;

namespace Porch.Tests.Forwarding;

/// <summary>
/// A deterministic byte stream of any length, made on the fly: the same bytes repeat with a prime period, so a
/// lost, duplicated or reordered chunk shows up as a mismatch while nothing of the payload's size is allocated.
/// </summary>
internal static class Pattern
{
    public const int ChunkSize = 64 * 1024;

    private const int Period = 65521;

    /// <summary>One period plus a chunk, so every chunk at any offset is one contiguous slice.</summary>
    private static readonly byte[] Bytes = Enumerable.Range(0, Period + ChunkSize)
        .Select(i => (byte)((i % Period * 31) ^ (i % Period >> 8)))
        .ToArray();

    public static ReadOnlyMemory<byte> Slice(long offset, int length) => Bytes.AsMemory((int)(offset % Period), length);

    public static async Task WriteAsync(Stream target, long length, CancellationToken cancellationToken = default)
    {
        for (long sent = 0; sent < length;)
        {
            var n = (int)Math.Min(ChunkSize, length - sent);
            await target.WriteAsync(Slice(sent, n), cancellationToken);
            sent += n;
        }
    }

    /// <summary>Reads to the end, checking every byte; returns the count, or throws at the first wrong byte.</summary>
    public static async Task<long> ReadAndVerifyAsync(Stream source, CancellationToken cancellationToken = default)
    {
        var buffer = new byte[ChunkSize];
        long received = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (!buffer.AsSpan(0, read).SequenceEqual(Slice(received, read).Span))
            {
                throw new InvalidDataException($"payload differs within bytes {received}..{received + read}");
            }

            received += read;
        }

        return received;
    }

    /// <summary>An upload body of the pattern, written as the handler asks for it.</summary>
    internal sealed class Content(long length) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => WriteAsync(stream, length);

        protected override bool TryComputeLength(out long computed)
        {
            computed = length;
            return true;
        }
    }
}
