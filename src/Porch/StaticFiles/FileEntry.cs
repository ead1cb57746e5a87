using Microsoft.Extensions.Primitives;

namespace Porch.StaticFiles;

/// <summary>
/// A file ready to serve: its type, its forms (own bytes, precompressed siblings, copies compressed on first use)
/// and the modification time it was read at, which a cheap stat compares to decide whether it is still current.
/// </summary>
internal sealed class FileEntry
{
    /// <summary>Below this, compression saves less than a packet and costs a round of CPU on each side.</summary>
    public const long MinCompressLength = 1024;

    private readonly Lock sync = new();
    private Representation? brotli;
    private Representation? gzip;

    public FileEntry(string realPath, DateTime lastWriteUtc, string contentType, bool compressible, Representation identity,
        Representation? brotliFile, Representation? gzipFile)
    {
        RealPath = realPath;
        LastWriteUtc = lastWriteUtc;
        ContentType = contentType;
        Compressible = compressible;
        Identity = identity;
        BrotliFile = brotliFile;
        GzipFile = gzipFile;
    }

    /// <summary>The file with every link resolved, already checked to be inside the root.</summary>
    public string RealPath { get; }

    public DateTime LastWriteUtc { get; }

    public string ContentType { get; }

    /// <summary>
    /// Whether the response depends on Accept-Encoding, so caches must key on it (RFC 9110 §12.5.5). Only
    /// compressible types get compressed or have precompressed siblings looked up.
    /// </summary>
    public bool Compressible { get; }

    public Representation Identity { get; }

    public Representation? BrotliFile { get; }

    public Representation? GzipFile { get; }

    /// <summary>Bytes held in memory by this entry, counting compressed copies it may make.</summary>
    public long Cost =>
        (Identity.Content?.Length ?? 0) * (Compressible ? 2 : 1)
        + (BrotliFile?.Content?.Length ?? 0) + (GzipFile?.Content?.Length ?? 0) + RealPath.Length * 2 + 512;

    /// <summary>Whether the file on disk still has the modification time this entry was read at.</summary>
    /// <remarks>One stat(2) and no allocation; nanosecond times make a missed change unlikely, as for nginx's open_file_cache.</remarks>
    public bool IsCurrent() => File.GetLastWriteTimeUtc(RealPath) == LastWriteUtc;

    /// <summary>The form to send for a request's Accept-Encoding: a sibling first, else a compressed copy, else identity.</summary>
    public Representation Select(StringValues acceptEncoding)
    {
        var canCompress = Compressible && Identity.Length >= MinCompressLength;
        return AcceptEncoding.Choose(acceptEncoding, BrotliFile is not null || canCompress, GzipFile is not null || canCompress) switch
        {
            ContentCoding.Brotli => BrotliFile ?? Compressed(ref brotli, ContentCoding.Brotli),
            ContentCoding.Gzip => GzipFile ?? Compressed(ref gzip, ContentCoding.Gzip),
            _ => Identity,
        };
    }

    private Representation Compressed(ref Representation? slot, ContentCoding coding)
    {
        if (Volatile.Read(ref slot) is { } made)
        {
            return made;
        }

        // One compression per entry and coding, even when a burst of requests asks at once.
        lock (sync)
        {
            if (slot is null)
            {
                var content = Identity.Content;
                if (content is null)
                {
                    slot = Representation.Compressed(Identity, coding, null);
                }
                else
                {
                    var compressed = Compressor.Compress(content, coding);

                    // Text that does not shrink (already minified and tiny, or random) is sent as it is.
                    slot = compressed.Length < content.Length ? Representation.Compressed(Identity, coding, compressed) : Identity;
                }
            }

            return slot;
        }
    }
}
