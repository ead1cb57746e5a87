using Microsoft.Extensions.Logging;

namespace Porch.Coffee;

/// <summary>Log events of the coffee feature; IDs 6001-6099 (issue 6) stay stable for log filters.</summary>
internal static partial class CoffeeLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "HTCPCP {Remote} \"{Method} {Target} {Protocol}/1.{Minor}\" {Status}")]
    public static partial void Exchange(ILogger logger, string remote, string method, string target, string protocol, int minor, int status);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "HTCPCP {Remote} rejected: {Status} {Detail}")]
    public static partial void Rejected(ILogger logger, string remote, int status, string detail);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "HTCPCP {Remote} left before the reply was sent")]
    public static partial void ClientGone(ILogger logger, string remote);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "HTCPCP {Remote} connection failed")]
    public static partial void ConnectionFailed(ILogger logger, string remote, Exception exception);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Warning, Message = "Coffee front end: the pot at {Pot} did not answer: {Error}")]
    public static partial void PotUnreachable(ILogger logger, string pot, string error);
}
