using Microsoft.Extensions.Logging;
using Porch.Wire.Tunnel;

namespace Porch.Tunnel.Client;

/// <summary>
/// <c>porch share</c>'s loop: connect, serve the tunnel while the connection lives, and after a loss wait
/// (<see cref="ReconnectBackoff"/>) and connect again, until the relay says to stop (revoked, replaced, a permanent
/// refusal: exit 1) or the user does (exit 0).
/// </summary>
internal sealed class ShareClient(
    ShareSettings settings, Func<ShareSettings, ITunnelTransport> connect, ShareReporter reporter, TimeProvider time,
    Func<double> random, ILogger logger)
{
    public const int ExitStopped = 0;

    public const int ExitRefused = 1;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(time, random);
        // The name the relay picked when none was asked for: asked for again after a reconnect, so the URL people were
        // given keeps working after a relay restart or a network loss (the relay then reserves it to this token).
        string? pickedName = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            reporter.Connecting(settings.Relay);
            var asking = pickedName is null ? settings : settings with { Hello = settings.Hello with { Name = pickedName } };
            SessionEnd end;
            try
            {
                await using var transport = connect(asking);
                end = await new ShareSession(asking, transport, reporter, logger).RunAsync(name =>
                {
                    backoff.Online();
                    if (settings.Hello.Name is null)
                    {
                        pickedName = name;
                    }
                }, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (pickedName is not null && end.RefusalCode is TunnelErrorCode.NameTaken or TunnelErrorCode.BadName)
            {
                // Someone else got the picked name while this client was away: a new random name, a new URL.
                reporter.NameLost(pickedName);
                pickedName = null;
                continue;
            }

            if (!end.Reconnect)
            {
                reporter.Stopping(end.Reason);
                return ExitRefused;
            }

            var delay = backoff.Next();
            reporter.Retrying(end.Reason, delay, end.WasOnline);
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        reporter.Stopping("stopped");
        return ExitStopped;
    }
}
