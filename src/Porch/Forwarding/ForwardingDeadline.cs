namespace Porch.Forwarding;

/// <summary>
/// The one cancellation of a forwarded request: fires when the client leaves, or when the upstream has been silent
/// for the response timeout before its headers arrived. The timeout restarts with every request body chunk the
/// upstream accepts, so a slow upload that progresses is never cut; it is disarmed once the headers are in (a
/// long-lived response such as server-sent events has no idle limit here).
/// </summary>
internal sealed class ForwardingDeadline : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly CancellationToken clientAborted;
    private readonly CancellationTokenRegistration registration;
    private readonly TimeSpan timeout;
    private volatile bool disarmed;

    public ForwardingDeadline(TimeSpan timeout, CancellationToken clientAborted)
    {
        this.clientAborted = clientAborted;
        this.timeout = timeout;
        registration = clientAborted.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source);
        source.CancelAfter(timeout);
    }

    public CancellationToken Token => source.Token;

    /// <summary>The response timeout, for messages.</summary>
    public TimeSpan Limit => timeout;

    public bool ClientAborted => clientAborted.IsCancellationRequested;

    /// <summary>True when the timeout, not the client, cancelled.</summary>
    public bool TimedOut => source.IsCancellationRequested && !clientAborted.IsCancellationRequested;

    /// <summary>The upstream accepted more of the request body: the silence starts again.</summary>
    public void Progress()
    {
        if (disarmed)
        {
            return;
        }

        source.CancelAfter(timeout);
        // The headers may have arrived between the check and the re-arm; disarm again so they win.
        if (disarmed)
        {
            source.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Response headers arrived: from here on only the client leaving cancels.</summary>
    public void Disarm()
    {
        disarmed = true;
        source.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops the work still running (the other direction of an upgrade, an abandoned body copy).</summary>
    public void Cancel() => source.Cancel();

    public void Dispose()
    {
        registration.Dispose();
        source.Dispose();
    }
}
