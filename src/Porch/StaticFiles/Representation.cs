using System.Globalization;

namespace Porch.StaticFiles;

/// <summary>
/// One form of a file as it goes on the wire — its own bytes, a precompressed sibling, or a compressed copy — with
/// its validators formatted once, so answering from it sets headers from ready strings.
/// </summary>
internal sealed class Representation
{
    /// <summary>Unknown length: compressed while streaming, sent chunked.</summary>
    public const long Streamed = -1;

    private Representation(string path, long length, byte[]? content, ContentCoding coding, bool compressWhileSending, string etag, DateTimeOffset lastModified)
    {
        Path = path;
        Length = length;
        Content = content;
        Coding = coding;
        CompressWhileSending = compressWhileSending;
        ContentEncoding = coding switch
        {
            ContentCoding.Brotli => "br",
            ContentCoding.Gzip => "gzip",
            _ => null,
        };
        ETag = etag;
        LastModified = lastModified;
        LastModifiedHeader = lastModified.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The file these bytes come from.</summary>
    public string Path { get; }

    /// <summary>Bytes on the wire, or <see cref="Streamed"/>.</summary>
    public long Length { get; }

    /// <summary>The bytes, when held in memory; otherwise the file is streamed from <see cref="Path"/>.</summary>
    public byte[]? Content { get; }

    public ContentCoding Coding { get; }

    /// <summary>Whether <see cref="Path"/> holds the identity bytes and <see cref="Coding"/> is applied while sending.</summary>
    public bool CompressWhileSending { get; }

    /// <summary>The Content-Encoding header value, null for identity.</summary>
    public string? ContentEncoding { get; }

    public string ETag { get; }

    /// <summary>Whole seconds, as an HTTP-date carries (RFC 9110 §5.6.7).</summary>
    public DateTimeOffset LastModified { get; }

    public string LastModifiedHeader { get; }

    /// <summary>
    /// A file as stored: the file itself or a precompressed sibling (<paramref name="coding"/> says which). The
    /// strong entity-tag comes from size and modification time, like nginx's, and names the coding so each form of a
    /// URL has its own tag (RFC 9110 §8.8.3).
    /// </summary>
    public static Representation Stored(string path, long length, DateTime lastWriteUtc, byte[]? content, ContentCoding coding)
    {
        var suffix = coding switch
        {
            ContentCoding.Brotli => "-br",
            ContentCoding.Gzip => "-gz",
            _ => "",
        };
        var etag = string.Create(CultureInfo.InvariantCulture, $"\"{length:x}-{lastWriteUtc.Ticks:x}{suffix}\"");
        return new Representation(path, length, content, coding, false, etag, WholeSeconds(lastWriteUtc));
    }

    /// <summary>
    /// The identity bytes compressed by Porch: in memory when <paramref name="compressed"/> is given, else while
    /// sending. The tag is weak: another build of the compressor may produce other bytes from the same file
    /// (RFC 9110 §8.8.1), which is also why nginx weakens tags of what it gzips.
    /// </summary>
    public static Representation Compressed(Representation identity, ContentCoding coding, byte[]? compressed)
    {
        var suffix = coding == ContentCoding.Brotli ? "-br" : "-gz";
        var etag = string.Concat("W/", identity.ETag.AsSpan(0, identity.ETag.Length - 1), suffix, "\"");
        return compressed is null
            ? new Representation(identity.Path, Streamed, null, coding, true, etag, identity.LastModified)
            : new Representation(identity.Path, compressed.Length, compressed, coding, false, etag, identity.LastModified);
    }

    private static DateTimeOffset WholeSeconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
