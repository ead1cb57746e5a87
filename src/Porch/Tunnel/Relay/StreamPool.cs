namespace Porch.Tunnel.Relay;

/// <summary>
/// One tunnel's parked stream requests, and the public requests waiting for one. A taker gets the oldest parked
/// request still alive; with none, it waits, and the pool asks the client for as many more as there are waiters
/// not yet covered by an earlier ask, so a burst of requests costs a few control messages, not one each.
/// </summary>
internal sealed class StreamPool(Action<int> askForMore)
{
    private readonly Lock gate = new();
    private readonly LinkedList<ParkedStream> parked = new();
    private readonly LinkedList<TaskCompletionSource<ParkedStream>> waiters = new();
    private int asked;
    private bool closed;

    public int ParkedCount
    {
        get
        {
            lock (gate)
            {
                return parked.Count;
            }
        }
    }

    /// <summary>Adds a parked request, or hands it straight to a waiting taker; false when the pool is closed.</summary>
    public bool Park(ParkedStream stream)
    {
        lock (gate)
        {
            if (closed)
            {
                return false;
            }

            asked = Math.Max(0, asked - 1);
            while (waiters.First is { } first)
            {
                waiters.RemoveFirst();
                if (first.Value.TrySetResult(stream))
                {
                    return true;
                }
            }

            parked.AddLast(stream);
            return true;
        }
    }

    /// <summary>The next live parked request; waits up to <paramref name="wait"/> for one. Null when none came or the pool closed.</summary>
    public async ValueTask<ParkedStream?> TakeAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        TaskCompletionSource<ParkedStream> waiter;
        LinkedListNode<TaskCompletionSource<ParkedStream>> node;
        int ask;
        lock (gate)
        {
            while (parked.First is { } first)
            {
                parked.RemoveFirst();
                if (!first.Value.Gone.IsCancellationRequested)
                {
                    return first.Value;
                }
            }

            if (closed)
            {
                return null;
            }

            waiter = new TaskCompletionSource<ParkedStream>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = waiters.AddLast(waiter);
            ask = waiters.Count - asked;
            asked += Math.Max(0, ask);
        }

        if (ask > 0)
        {
            askForMore(ask);
        }

        try
        {
            return await waiter.Task.WaitAsync(wait, cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // Timed out, pool closed, or the public request left; a request that arrived meanwhile is not lost.
            var arrived = Abandon(waiter, node);
            if (!cancellationToken.IsCancellationRequested)
            {
                return arrived;
            }

            if (arrived is not null)
            {
                Park(arrived);
            }

            throw;
        }
    }

    /// <summary>Takes out the parked requests older than <paramref name="parkedBefore"/> (timestamps), for the caller to dismiss.</summary>
    public List<ParkedStream> TakeIdle(long parkedBefore)
    {
        var idle = new List<ParkedStream>();
        lock (gate)
        {
            for (var node = parked.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.ParkedAt < parkedBefore || node.Value.Gone.IsCancellationRequested)
                {
                    parked.Remove(node);
                    idle.Add(node.Value);
                }

                node = next;
            }
        }

        return idle;
    }

    /// <summary>Closes the pool: waiting takers get null; the parked requests are returned for the caller to dismiss.</summary>
    public List<ParkedStream> Close()
    {
        lock (gate)
        {
            closed = true;
            foreach (var waiter in waiters)
            {
                waiter.TrySetCanceled();
            }

            waiters.Clear();
            var all = parked.ToList();
            parked.Clear();
            return all;
        }
    }

    /// <summary>
    /// A taker that stopped waiting: a request that arrived for it meanwhile is kept for the next taker.
    /// </summary>
    private ParkedStream? Abandon(TaskCompletionSource<ParkedStream> waiter, LinkedListNode<TaskCompletionSource<ParkedStream>> node)
    {
        lock (gate)
        {
            if (node.List is not null)
            {
                waiters.Remove(node);
            }

            if (!waiter.TrySetCanceled() && waiter.Task.IsCompletedSuccessfully)
            {
                return waiter.Task.Result;
            }
        }

        return null;
    }
}
