namespace Porch.Hosting;

/// <summary>Limits applied to Kestrel: header size and count, slow-client timeouts, graceful shutdown bound.</summary>
internal sealed record ServerLimits(
    long MaxHeaderBytes,
    int MaxHeaderCount,
    TimeSpan HeaderTimeout,
    double MinBodyBytesPerSecond,
    long? DefaultMaxBodySize,
    TimeSpan ShutdownTimeout);
