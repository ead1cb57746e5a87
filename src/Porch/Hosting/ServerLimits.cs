namespace Porch.Hosting;

/// <summary>Limits applied to Kestrel: header size and count, slow-client timeouts, graceful shutdown bound.</summary>
internal sealed record ServerLimits(
    long MaxHeaderBytes,
    int MaxHeaderCount,
    TimeSpan HeaderTimeout,
    double MinBodyBytesPerSecond,
    long? DefaultMaxBodySize,
    TimeSpan ShutdownTimeout)
{
    /// <summary>
    /// Concurrent HTTP/2 streams per connection (SETTINGS_MAX_CONCURRENT_STREAMS, RFC 9113 §6.5.2): Kestrel's 100 for
    /// browsers; the relay raises it, since one tunnel connection carries all of a tunnel's public connections.
    /// </summary>
    public int MaxHttp2Streams { get; init; } = 100;
}
