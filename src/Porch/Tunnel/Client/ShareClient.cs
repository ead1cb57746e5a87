using Microsoft.Extensions.Logging;

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
        while (!cancellationToken.IsCancellationRequested)
        {
            reporter.Connecting(settings.Relay);
            SessionEnd end;
            try
            {
                await using var transport = connect(settings);
                end = await new ShareSession(settings, transport, reporter, logger).RunAsync(backoff.Online, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
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
