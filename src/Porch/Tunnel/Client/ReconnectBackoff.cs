namespace Porch.Tunnel.Client;

/// <summary>
/// How long to wait before the next connection attempt: 250 ms doubling up to 2 s, each delay moved by up to ±20 % so
/// many clients cut off by one relay restart do not come back in the same instant. A session that stayed online for
/// 30 s resets it: the next loss starts again from 250 ms. The cap keeps a restarted relay served within 5 s with
/// margin: at most 2 s of waiting plus one connect and hello, even on a loaded machine (4 s left only ~0.9 s).
/// </summary>
internal sealed class ReconnectBackoff(TimeProvider time, Func<double> random)
{
    public static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan Cap = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan ResetAfter = TimeSpan.FromSeconds(30);

    public const double Jitter = 0.2;

    private int failures;
    private DateTimeOffset? onlineSince;

    /// <summary>The tunnel came online now.</summary>
    public void Online() => onlineSince = time.GetUtcNow();

    /// <summary>The delay before the next attempt (the previous one failed or its session ended).</summary>
    public TimeSpan Next()
    {
        if (onlineSince is { } since && time.GetUtcNow() - since >= ResetAfter)
        {
            failures = 0;
        }

        onlineSince = null;
        var step = First * Math.Pow(2, Math.Min(failures, 16));
        failures++;
        if (step > Cap)
        {
            step = Cap;
        }

        // random() is in [0, 1): the factor is in [0.8, 1.2). Above the cap only the lower half applies.
        var delay = step * (1 + (Jitter * ((2 * random()) - 1)));
        return delay > Cap ? Cap : delay;
    }
}
