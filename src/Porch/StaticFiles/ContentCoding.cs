namespace Porch.StaticFiles;

/// <summary>The content codings Porch sends (RFC 9110 §8.4.1).</summary>
internal enum ContentCoding
{
    /// <summary>The file's own bytes.</summary>
    Identity,

    /// <summary>Brotli (RFC 7932): preferred, smaller than gzip for text.</summary>
    Brotli,

    /// <summary>Gzip (RFC 1952).</summary>
    Gzip,
}
