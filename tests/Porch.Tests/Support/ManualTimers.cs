namespace Porch.Tests.Support;

/// <summary>
/// A clock with timers that the test moves by hand: <see cref="Advance"/> fires every timer that came due, so code
/// waiting with <c>Task.Delay(span, timeProvider)</c> wakes up without the test waiting hours.
/// </summary>
internal sealed class ManualTimers(DateTimeOffset start) : TimeProvider
{
    private readonly Lock sync = new();
    private readonly List<Timer> timers = [];
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (sync)
        {
            return now;
        }
    }

    /// <summary>How many timers are waiting: lets a test know the code under test is asleep before it advances.</summary>
    public int Waiting
    {
        get
        {
            lock (sync)
            {
                return timers.Count(t => t.Due is not null);
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (sync)
        {
            now += by;
            due = [.. timers.Where(t => t.Due <= now)];
            foreach (var timer in due)
            {
                timer.Due = timer.Period is { } period ? now + period : null;
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private sealed class Timer(ManualTimers owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? Due { get; set; }

        public TimeSpan? Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner.sync)
            {
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : owner.now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
                if (!owner.timers.Contains(this))
                {
                    owner.timers.Add(this);
                }
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner.sync)
            {
                owner.timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
