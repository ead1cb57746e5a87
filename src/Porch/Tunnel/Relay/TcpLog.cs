using Microsoft.Extensions.Logging;

namespace Porch.Tunnel.Relay;

/// <summary>The relay's lines about public TCP ports (event IDs 660-674). The access log is for HTTP only.</summary>
internal static partial class TcpLog
{
    [LoggerMessage(EventId = 660, Level = LogLevel.Information, Message = "Tunnel {Name} has public TCP port {Port}")]
    public static partial void PortOpened(ILogger logger, string name, int port);

    [LoggerMessage(EventId = 661, Level = LogLevel.Information, Message = "Tunnel {Name} went offline: TCP port {Port} is closed")]
    public static partial void PortClosed(ILogger logger, string name, int port);

    [LoggerMessage(EventId = 662, Level = LogLevel.Information,
        Message = "TCP {Client} → tunnel {Name} port {Port} ended after {Duration}: {BytesIn} bytes in, {BytesOut} bytes out")]
    public static partial void ConnectionEnded(ILogger logger, string client, string name, int port, TimeSpan duration, long bytesIn, long bytesOut);

    [LoggerMessage(EventId = 663, Level = LogLevel.Information, Message = "TCP {Client} → tunnel {Name} port {Port} refused: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string client, string name, int port, string reason);

    [LoggerMessage(EventId = 664, Level = LogLevel.Warning, Message = "TCP {Client} → tunnel {Name} port {Port} could not reach the app: {Failure}")]
    public static partial void ConnectionFailed(ILogger logger, string client, string name, int port, string failure);

    [LoggerMessage(EventId = 665, Level = LogLevel.Debug, Message = "TCP {Client} → tunnel {Name} port {Port} accepted")]
    public static partial void ConnectionAccepted(ILogger logger, string client, string name, int port);

    [LoggerMessage(EventId = 667, Level = LogLevel.Warning,
        Message = "TCP {Client} → tunnel {Name} port {Port} refused: all {MaxStreams} stream slots of the tunnel stayed taken")]
    public static partial void ConnectionBusy(ILogger logger, string client, string name, int port, int maxStreams);

    [LoggerMessage(EventId = 666, Level = LogLevel.Warning, Message = "TCP port {Port} of tunnel {Name} stopped accepting: {Problem}")]
    public static partial void AcceptFailed(ILogger logger, int port, string name, string problem);
}
