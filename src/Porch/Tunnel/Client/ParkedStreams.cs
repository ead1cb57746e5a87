using System.Net;
using Microsoft.Extensions.Logging;

namespace Porch.Tunnel.Client;

/// <summary>
/// Keeps stream requests parked at the relay for one session. Each slot parks a request; when the relay answers it
/// with a public connection, a replacement slot starts at once and the answered one serves the connection, so the
/// number parked stays what the relay asked for (<see cref="Wire.Tunnel.WelcomeMessage.ParkedStreams"/>, plus each
/// <see cref="Wire.Tunnel.StreamsMessage"/>).
/// </summary>
internal sealed class ParkedStreams(ITunnelTransport transport, string session, TunnelStreamHandler handler, ILogger logger, CancellationToken cancellationToken)
{
    private readonly Lock sync = new();
    private readonly HashSet<Task> running = [];

    /// <summary>Parks <paramref name="count"/> more stream requests.</summary>
    public void Park(int count)
    {
        for (var i = 0; i < count && !cancellationToken.IsCancellationRequested; i++)
        {
            Start();
        }
    }

    /// <summary>Waits for every slot and stream to end (after the session's token was cancelled).</summary>
    public async Task DrainAsync()
    {
        Task[] tasks;
        lock (sync)
        {
            tasks = [.. running];
        }

        await Task.WhenAll(tasks);
    }

    private void Start()
    {
        var task = Task.Run(SlotAsync, CancellationToken.None);
        lock (sync)
        {
            // A slot that already ended (its continuation below ran first) is not kept.
            if (!task.IsCompleted)
            {
                running.Add(task);
            }
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (sync)
                {
                    running.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task SlotAsync()
    {
        try
        {
            while (true)
            {
                var channel = await transport.OpenStreamAsync(session, cancellationToken);
                await using (channel)
                {
                    if (channel.Status == (int)HttpStatusCode.NoContent)
                    {
                        continue;
                    }

                    if (channel.Status != (int)HttpStatusCode.OK)
                    {
                        ShareLog.ParkRefused(logger, channel.Status);
                        return;
                    }

                    Start();
                    await handler.ServeAsync(channel, cancellationToken);
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TunnelProtocolException or ObjectDisposedException
                                      or OperationCanceledException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                ShareLog.StreamBroken(logger, e.Message);
            }
        }
    }
}
