namespace Porch.Configuration;

/// <summary>Protection against oversized and slow (slowloris) clients, and the graceful shutdown bound.</summary>
internal sealed record LimitsConfig
{
    public string MaxHeaderSize { get; init; } = "32KB";

    public int MaxHeaderCount { get; init; } = 100;

    /// <summary>A client must send its whole request head within this time.</summary>
    public string HeaderTimeout { get; init; } = "15s";

    /// <summary>Slowest request body accepted, in bytes per second, after a 5 s grace period.</summary>
    public int MinBodyRate { get; init; } = 240;

    /// <summary>Default largest request body for routes that set none.</summary>
    public string MaxBodySize { get; init; } = "100MB";

    /// <summary>On SIGTERM or Ctrl-C, in-flight requests get this long to finish.</summary>
    public string ShutdownTimeout { get; init; } = "10s";

    /// <summary>Concurrent HTTP/2 streams a client may open on one connection (the relay sets it high for tunnels).</summary>
    public int MaxHttp2Streams { get; init; } = 100;
}
