using System.Net;
using Microsoft.Extensions.Logging;

namespace Porch.StaticFiles;

/// <summary>Static-file diagnostics; event IDs 200-209 belong to this feature.</summary>
internal static partial class StaticFileLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Warning,
        Message = "Refused a path outside the root ({Problem}) from {Client}: {Target}")]
    public static partial void Refused(ILogger logger, PathProblem problem, IPAddress? client, string target);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Cannot read {Path}: {Reason}")]
    public static partial void Unreadable(ILogger logger, string path, string reason);
}
