using Microsoft.Extensions.Logging;

namespace Porch.Tunnel.Relay;

/// <summary>The relay core's log lines (event IDs 500-549).</summary>
internal static partial class RelayLog
{
    [LoggerMessage(EventId = 500, Level = LogLevel.Information, Message = "Tunnel {Name} is up for token {Token} from {Client}, sharing {Target}")]
    public static partial void TunnelOpened(ILogger logger, string name, string token, string client, string target);

    [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Tunnel {Name} of token {Token} closed ({Reason}): {Detail}")]
    public static partial void TunnelClosed(ILogger logger, string name, string token, string reason, string detail);

    [LoggerMessage(EventId = 502, Level = LogLevel.Warning, Message = "Refused a tunnel client from {Client}: unknown or revoked token")]
    public static partial void BadToken(ILogger logger, string client);

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Refused a tunnel client from {Client}: {Problem}")]
    public static partial void BadHello(ILogger logger, string client, string problem);

    [LoggerMessage(EventId = 504, Level = LogLevel.Information, Message = "Refused a tunnel of token {Token} from {Client}: {Code}, {Detail}")]
    public static partial void Refused(ILogger logger, string client, string token, string code, string detail);

    [LoggerMessage(EventId = 505, Level = LogLevel.Warning, Message = "Tunnel {Name} broke the protocol on its control stream, so it ends: {Problem}")]
    public static partial void ControlGarbage(ILogger logger, string name, string problem);

    [LoggerMessage(EventId = 506, Level = LogLevel.Warning, Message = "Tunnel {Name} broke the protocol on a data stream: {Problem}")]
    public static partial void StreamGarbage(ILogger logger, string name, string problem);

    [LoggerMessage(EventId = 507, Level = LogLevel.Information, Message = "Closed a stream of tunnel {Name}: no bytes either way for {Timeout}")]
    public static partial void StreamIdle(ILogger logger, string name, TimeSpan timeout);

    [LoggerMessage(EventId = 508, Level = LogLevel.Warning, Message = "Tunnel {Name} is busy: all {MaxStreams} stream slots stayed taken, a request got 503")]
    public static partial void TunnelBusy(ILogger logger, string name, int maxStreams);

    [LoggerMessage(EventId = 509, Level = LogLevel.Information, Message = "Relay shutting down: told {Count} tunnel client(s) to come back later")]
    public static partial void ShuttingDown(ILogger logger, int count);
}
