using Microsoft.Extensions.Logging;

namespace Porch.Tunnel.Relay;

internal static partial class TokenStoreLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Token {Name} was revoked; its tunnels close")]
    public static partial void TokenRevoked(ILogger logger, string name);

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "{Problem} The relay keeps the tokens it loaded last.")]
    public static partial void ReloadFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 602, Level = LogLevel.Warning, Message = "Cannot watch {Folder} for changes ({Problem}); checking every {Seconds} s instead")]
    public static partial void WatchUnavailable(ILogger logger, string folder, string problem, double seconds);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Tokens reloaded: {Count} token(s)")]
    public static partial void Reloaded(ILogger logger, int count);

    [LoggerMessage(EventId = 604, Level = LogLevel.Warning, Message = "{Problem} The relay keeps the reservations it loaded last and does not write the file.")]
    public static partial void NamesUnreadable(ILogger logger, string problem);
}
