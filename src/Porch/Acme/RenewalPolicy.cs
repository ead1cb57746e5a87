namespace Porch.Acme;

/// <summary>
/// When to renew and when to retry. Pure, so tests drive it with any clock.
/// </summary>
internal static class RenewalPolicy
{
    /// <summary>How often certificates are checked even when nothing is due (issue #3: every 12 h).</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromHours(12);

    /// <summary>From this long before expiry a failing renewal logs an error every day.</summary>
    public static readonly TimeSpan UrgentBeforeExpiry = TimeSpan.FromDays(7);

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromHours(6);

    /// <summary>
    /// The moment to renew: a random moment inside the CA's ACME Renewal Information window when it offers one
    /// (RFC 9773 §4.3), else when a third of the lifetime remains (the rule Let's Encrypt recommends for 90-day
    /// certificates: renew at 60 days).
    /// </summary>
    public static DateTimeOffset DueAt(DateTimeOffset notBefore, DateTimeOffset notAfter, RenewalWindow? window, double random)
    {
        if (window is not null)
        {
            return window.Start + ((window.End - window.Start) * Math.Clamp(random, 0, 1));
        }

        return notAfter - ((notAfter - notBefore) / 3);
    }

    /// <summary>
    /// Exponential backoff with jitter after <paramref name="failures"/> failed attempts (1 min, 2 min, 4 min ... up to
    /// 6 h), each multiplied by a random factor in [0.5, 1) so many servers failing together do not retry together.
    /// A CA's Retry-After is honoured when it asks for longer.
    /// </summary>
    public static TimeSpan Backoff(int failures, double random, TimeSpan? retryAfter)
    {
        var exponent = Math.Min(Math.Max(failures - 1, 0), 20);
        var wait = TimeSpan.FromTicks(Math.Min(FirstRetry.Ticks * (1L << exponent), LongestRetry.Ticks));
        wait *= 0.5 + (Math.Clamp(random, 0, 1) / 2);
        return retryAfter is { } asked && asked > wait ? asked : wait;
    }
}
