using Microsoft.Extensions.Logging;

namespace Porch.Tunnel.Client;

/// <summary>The share client's log lines (event IDs 550-599). State changes go to the user through <see cref="ShareReporter"/>.</summary>
internal static partial class ShareLog
{
    [LoggerMessage(EventId = 550, Level = LogLevel.Debug, Message = "Stream from {Client}:{Port} ({Kind}) connected to the app")]
    public static partial void StreamReady(ILogger logger, string client, int port, string kind);

    [LoggerMessage(EventId = 551, Level = LogLevel.Warning, Message = "A visitor's connection from {Client} could not reach the app: {Failure}")]
    public static partial void StreamFailed(ILogger logger, string client, string failure);

    [LoggerMessage(EventId = 552, Level = LogLevel.Debug, Message = "A tunnel stream ended early: {Problem}")]
    public static partial void StreamBroken(ILogger logger, string problem);

    [LoggerMessage(EventId = 553, Level = LogLevel.Debug, Message = "The relay answered a parked stream with {Status}; that slot stops")]
    public static partial void ParkRefused(ILogger logger, int status);
}
