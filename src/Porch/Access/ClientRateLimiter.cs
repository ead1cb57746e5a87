using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;

namespace Porch.Access;

/// <summary>
/// A token bucket (System.Threading.RateLimiting) per client (<see cref="ClientKey"/>): one token per request, refilled
/// at the configured rate, holding at most the burst. Buckets are refilled lazily when their client comes back, so there
/// is no timer per client. Buckets that have been full (idle) for <see cref="IdleExpiry"/> are dropped in a sweep at most
/// once per <see cref="SweepInterval"/>; at most <see cref="MaxClients"/> are kept, and when that many are busy, new
/// clients share one bucket: many addresses at once can only slow each other.
/// </summary>
internal sealed class ClientRateLimiter(int requests, TimeSpan per, int burst, TimeProvider time)
{
    public const int MaxClients = 10_000;
    public static readonly TimeSpan IdleExpiry = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<UInt128, TokenBucketRateLimiter> buckets = new();
    private readonly TokenBucketRateLimiterOptions options = new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        // One token every per/requests: the finest grain the bucket offers, so the rate is smooth.
        ReplenishmentPeriod = per / requests,
        AutoReplenishment = false,
        QueueLimit = 0,
    };

    private long lastSweep = time.GetTimestamp();

    public int Requests => requests;

    public TimeSpan Per => per;

    public int Burst => burst;

    public int Count => buckets.Count;

    /// <summary>Takes a token for <paramref name="address"/>; when there is none, says how long until there is.</summary>
    public bool TryAcquire(IPAddress? address, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        SweepIfDue();
        var key = ClientKey.Of(address);
        if (!buckets.TryGetValue(key, out var bucket))
        {
            if (buckets.Count >= MaxClients)
            {
                key = ClientKey.Overflow;
            }

            bucket = buckets.GetOrAdd(key, _ => new TokenBucketRateLimiter(options));
        }

        bucket.TryReplenish();
        using var lease = bucket.AttemptAcquire();
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : options.ReplenishmentPeriod;
        return false;
    }

    private void SweepIfDue()
    {
        var last = Interlocked.Read(ref lastSweep);
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(last, now) < SweepInterval || Interlocked.CompareExchange(ref lastSweep, now, last) != last)
        {
            return;
        }

        foreach (var (key, bucket) in buckets)
        {
            bucket.TryReplenish();
            if (bucket.IdleDuration >= IdleExpiry && buckets.TryRemove(key, out var removed))
            {
                removed.Dispose();
            }
        }
    }
}
