using Microsoft.Extensions.Logging;

namespace Porch.Forwarding;

/// <summary>The forwarder's log lines. Event IDs 100-119 are the forwarder's and stay stable.</summary>
internal static partial class ForwarderLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Warning,
        Message = "{Method} {Target}: the app at {Upstream} failed ({Reason}, {Error}); answered {StatusCode}")]
    public static partial void UpstreamFailed(
        ILogger logger, string method, string target, string upstream, string reason, ForwarderError error, int statusCode);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "{Method} {Target}: the app at {Upstream} failed mid-response ({Reason}); client connection aborted")]
    public static partial void ResponseBodyFailed(ILogger logger, string method, string target, string upstream, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug,
        Message = "{Method} {Target}: {Reason}; request to {Upstream} cancelled")]
    public static partial void ClientAborted(ILogger logger, string method, string target, string upstream, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information,
        Message = "{Method} {Target}: request body refused ({Reason}); answered {StatusCode}")]
    public static partial void RequestBodyRejected(ILogger logger, string method, string target, string reason, int statusCode);
}
