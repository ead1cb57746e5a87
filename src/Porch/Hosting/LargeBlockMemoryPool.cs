using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Porch.Hosting;

/// <summary>
/// The memory Kestrel's sockets, its TLS layer and its HTTP layer work in: blocks of <see cref="BlockSize"/> from
/// <see cref="ArrayPool{T}.Shared"/> instead of Kestrel's 4 KiB blocks. Kestrel builds every pipe of a connection on
/// this pool, including the ones around SslStream, so with 4 KiB blocks a 100 MiB transfer through the relay took some
/// 50,000 receive calls and wrote every 4 KiB as its own TLS record and flush; with bigger blocks a read takes what the
/// socket has and a flush writes full 16 KiB records (RFC 8446 §5.1). 32 KiB: 64 KiB measured no clearly faster
/// through the tunnel but raised the pair's peak memory under 50 connections by about 90 MiB (bench, tunnel-rps).
/// Idle connections hold no block: Kestrel and the TLS reader wait for data (a zero-byte read) before they rent one.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 32 * 1024;

    public override int MaxBufferSize => BlockSize;

    /// <summary>Always at least a whole block: Kestrel asks for its 4 KiB segment size and uses all it is given.</summary>
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1) =>
        new Block(ArrayPool<byte>.Shared.Rent(Math.Max(minBufferSize, BlockSize)));

    protected override void Dispose(bool disposing)
    {
    }

    private sealed class Block(byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? array = array;

        public Memory<byte> Memory => array ?? throw new ObjectDisposedException(nameof(Block));

        /// <summary>Returns the array once: a second Dispose must not hand the same memory to two renters.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref array, null) is { } returned)
            {
                ArrayPool<byte>.Shared.Return(returned);
            }
        }
    }

    /// <summary>What Kestrel's socket transport asks DI for when it creates its pool (IMemoryPoolFactory, .NET 10).</summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
    }
}
