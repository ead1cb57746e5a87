using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Porch.Tests.Support;

namespace Porch.Interop.Tests.Tunnel;

/// <summary>
/// An app for bulk transfers: <c>GET /download?mib=N</c> streams N MiB of <see cref="Block"/>s (each stamped with its
/// index, so a reordered or repeated block changes the hash), <c>POST /upload</c> answers the SHA-256 of the body,
/// <c>GET /endless</c> writes until the client goes away and counts what it could write.
/// </summary>
internal sealed class TunnelBulkApp
{
    public const int BlockSize = 1024 * 1024;

    private long endlessWritten;

    public byte[] Block { get; } = RandomNumberGenerator.GetBytes(BlockSize);

    /// <summary>Bytes <c>/endless</c> handed to Kestrel so far (what the tunnel accepted from the app).</summary>
    public long EndlessWritten => Interlocked.Read(ref endlessWritten);

    public Task<TunnelApp> StartAsync() => TunnelApp.StartAsync(web =>
    {
        web.MapGet("/download", async (HttpContext context, int mib) =>
        {
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = (long)mib * BlockSize;
            for (var i = 0; i < mib; i++)
            {
                await context.Response.Body.WriteAsync(Stamped(i), context.RequestAborted);
            }
        });
        web.MapPost("/upload", async (HttpContext context) =>
            await context.Response.WriteAsync(Convert.ToHexStringLower(await SHA256.HashDataAsync(context.Request.Body))));
        web.MapGet("/endless", async (HttpContext context) =>
        {
            context.Response.ContentType = "application/octet-stream";
            var chunk = Block.AsMemory(0, 64 * 1024);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                Interlocked.Add(ref endlessWritten, chunk.Length);
            }
        });
    });

    /// <summary>Block <paramref name="index"/>: <see cref="Block"/> with its first 4 bytes replaced by the index.</summary>
    public byte[] Stamped(int index)
    {
        var block = (byte[])Block.Clone();
        BitConverter.TryWriteBytes(block, index);
        return block;
    }

    /// <summary>The SHA-256 of <paramref name="mib"/> stamped blocks, as /download sends them.</summary>
    public byte[] ExpectedHash(int mib)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (var i = 0; i < mib; i++)
        {
            hash.AppendData(Stamped(i));
        }

        return hash.GetHashAndReset();
    }

    /// <summary>A request body of <paramref name="mib"/> stamped blocks, generated while it is sent (never held whole).</summary>
    public HttpContent UploadContent(int mib) => new BlockContent(this, mib);

    private sealed class BlockContent(TunnelBulkApp app, int mib) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            for (var i = 0; i < mib; i++)
            {
                await stream.WriteAsync(app.Stamped(i));
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = (long)mib * BlockSize;
            return true;
        }
    }
}
