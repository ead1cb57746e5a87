using Microsoft.AspNetCore.Http;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The HTTP/2 form of a parked stream: one request whose answer is the stream. Its state moves once from parked to
/// answered (a stream) or done (dismissed, given up), so a request the client abandons is never handed out, and the
/// endpoint learns when it may return.
/// </summary>
internal sealed class ParkedRequest
{
    private const int Parked = 0;
    private const int Answered = 1;
    private const int Done = 2;

    private readonly HttpContext context;
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int state;

    public ParkedRequest(HttpContext context)
    {
        this.context = context;
        context.RequestAborted.Register(() =>
        {
            if (Interlocked.CompareExchange(ref state, Done, Parked) == Parked)
            {
                finished.TrySetResult();
            }
        });
    }

    /// <summary>Completes when the endpoint may return: dismissed, given up, or its stream disposed.</summary>
    public Task Finished => finished.Task;

    public ParkedStream ToParkedStream(long parkedAt) => new(AnswerAsync, DismissAsync, Abort, parkedAt, context.RequestAborted);

    private ValueTask<Stream> AnswerAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref state, Answered, Parked) != Parked)
        {
            throw new InvalidOperationException("the client gave this stream request up");
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = TunnelReply.ContentType;
        return ValueTask.FromResult<Stream>(new AnsweredRequestStream(context, finished));
    }

    private ValueTask DismissAsync()
    {
        if (Interlocked.CompareExchange(ref state, Done, Parked) == Parked)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            finished.TrySetResult();
        }

        return ValueTask.CompletedTask;
    }

    private void Abort()
    {
        context.Abort();
        if (Interlocked.Exchange(ref state, Done) == Parked)
        {
            finished.TrySetResult();
        }
    }
}
