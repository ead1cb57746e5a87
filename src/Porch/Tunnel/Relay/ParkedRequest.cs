using Microsoft.AspNetCore.Http;

namespace Porch.Tunnel.Relay;

/// <summary>
/// The HTTP/2 form of a parked stream: one request whose answer is the stream. Its state moves once from parked to
/// answered (a stream) or done (dismissed, given up), so a request the client abandons is never handed out, and the
/// endpoint learns when it may return.
/// </summary>
/// <remarks>
/// Once <see cref="Finished"/> completes the endpoint returns and Kestrel recycles the request's objects for another
/// request, so nothing may touch <c>context</c> after that: an abort arriving late (the idle sweep, a closing tunnel,
/// a stream that just ended) would otherwise hit a disposed feature collection or, worse, someone else's request.
/// The gate makes "is it over" and "abort it" one step.
/// </remarks>
internal sealed class ParkedRequest
{
    private const int Parked = 0;
    private const int Answered = 1;
    private const int Done = 2;

    private readonly HttpContext context;
    private readonly TaskCompletionSource finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private int state;
    private bool over;

    public ParkedRequest(HttpContext context)
    {
        this.context = context;
        context.RequestAborted.Register(() =>
        {
            lock (gate)
            {
                if (state == Parked)
                {
                    state = Done;
                    Finish();
                }
            }
        });
    }

    /// <summary>Completes when the endpoint may return: dismissed, given up, or its stream disposed.</summary>
    public Task Finished => finished.Task;

    public ParkedStream ToParkedStream(long parkedAt) => new(AnswerAsync, DismissAsync, Abort, parkedAt, context.RequestAborted);

    private ValueTask<Stream> AnswerAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (state != Parked)
            {
                throw new InvalidOperationException("the client gave this stream request up");
            }

            state = Answered;
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = TunnelReply.ContentType;
        }

        return ValueTask.FromResult<Stream>(new AnsweredRequestStream(context, StreamClosed));
    }

    private ValueTask DismissAsync()
    {
        lock (gate)
        {
            if (state == Parked)
            {
                state = Done;
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                Finish();
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Abort()
    {
        lock (gate)
        {
            if (over)
            {
                return;
            }

            context.Abort();
            if (state == Parked)
            {
                state = Done;
                Finish();
            }
        }
    }

    /// <summary>The answered stream was disposed: its response is complete.</summary>
    private void StreamClosed()
    {
        lock (gate)
        {
            Finish();
        }
    }

    private void Finish()
    {
        over = true;
        finished.TrySetResult();
    }
}
