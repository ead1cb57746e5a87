using Microsoft.AspNetCore.Http;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The WebSocket form of a parked stream: one WebSocket connection, already upgraded, that becomes one stream when
/// the relay answers it (the open line is its first message). Dismissing it is the closing handshake, the
/// equivalent of HTTP/2's 204: the client parks a fresh one. While parked the client sends nothing, so a read that
/// ends is the client leaving. Its state moves once from parked to answered or done, like <see cref="ParkedRequest"/>.
/// </summary>
internal sealed class WebSocketParked : IDisposable
{
    private const int Parked = 0;
    private const int Answered = 1;
    private const int Done = 2;

    private readonly WebSocketTunnelStream stream;
    private readonly Task<int> firstRead;
    private readonly CancellationTokenSource gone = new();
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock goneGate = new();
    private bool disposed;
    private int state;

    private WebSocketParked(WebSocketTunnelStream stream)
    {
        this.stream = stream;
        firstRead = stream.StartReadAhead();
        _ = firstRead.ContinueWith(_ => Left(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _ = stream.Closed.ContinueWith(_ => finished.TrySetResult(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when the endpoint may return: dismissed, given up, aborted, or its stream disposed.</summary>
    public Task Finished => finished.Task;

    public static async Task<WebSocketParked> AcceptAsync(HttpContext context) => new(await WebSocketUpgrade.AcceptAsync(context));

    public ParkedStream ToParkedStream(long parkedAt) => new(AnswerAsync, DismissAsync, Abort, parkedAt, gone.Token);

    public async ValueTask DismissAsync()
    {
        if (Interlocked.CompareExchange(ref state, Done, Parked) == Parked)
        {
            await stream.DisposeAsync();
        }
    }

    private ValueTask<Stream> AnswerAsync(CancellationToken cancellationToken)
    {
        // A first read that already ended means the client left (or broke the protocol by sending first).
        if (firstRead.IsCompleted || Interlocked.CompareExchange(ref state, Answered, Parked) != Parked)
        {
            throw new InvalidOperationException("the client gave this stream request up");
        }

        return ValueTask.FromResult<Stream>(stream);
    }

    /// <summary>Releases the give-up signal once the endpoint is done with it (<see cref="Finished"/>).</summary>
    public void Dispose()
    {
        lock (goneGate)
        {
            disposed = true;
            gone.Dispose();
        }
    }

    private void Abort()
    {
        stream.Abort();
        Interlocked.Exchange(ref state, Done);
        finished.TrySetResult();
    }

    private void Left()
    {
        if (Interlocked.CompareExchange(ref state, Done, Parked) != Parked)
        {
            return;
        }

        lock (goneGate)
        {
            if (!disposed)
            {
                gone.Cancel();
            }
        }

        _ = stream.DisposeAsync().AsTask();
    }
}
