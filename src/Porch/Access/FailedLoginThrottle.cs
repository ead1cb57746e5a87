using System.Collections.Concurrent;
using System.Net;

namespace Porch.Access;

/// <summary>
/// Slows password guessing per client: after N failed attempts every further attempt from that client waits
/// <see cref="FirstDelay"/> x 2^(N-1), at most <see cref="MaxDelay"/>. A success clears the client; a client with no
/// failure for <see cref="ForgetAfter"/> is forgotten. The table holds at most <see cref="MaxClients"/> clients; when
/// it is full of recent failures, new clients share one entry, so a flood of addresses slows itself, not the table.
/// </summary>
internal sealed class FailedLoginThrottle(TimeProvider time)
{
    public const int MaxClients = 10_000;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<UInt128, Entry> clients = new();

    public int Count => clients.Count;

    /// <summary>How long an attempt from <paramref name="address"/> must wait before its password is checked.</summary>
    public TimeSpan DelayFor(IPAddress? address)
    {
        if (!clients.TryGetValue(ClientKey.Of(address), out var entry) || IsStale(entry))
        {
            return TimeSpan.Zero;
        }

        return Delay(entry.Failures);
    }

    /// <summary>Counts a failed attempt; returns the client's failures so far.</summary>
    public int Failed(IPAddress? address)
    {
        var key = ClientKey.Of(address);
        if (!clients.ContainsKey(key) && clients.Count >= MaxClients)
        {
            Prune();
            if (clients.Count >= MaxClients)
            {
                key = ClientKey.Overflow;
            }
        }

        var now = time.GetTimestamp();
        return clients.AddOrUpdate(
            key,
            _ => new Entry(1, now),
            (_, old) => new Entry(IsStale(old) ? 1 : old.Failures + 1, now)).Failures;
    }

    public void Succeeded(IPAddress? address) => clients.TryRemove(ClientKey.Of(address), out _);

    public static TimeSpan Delay(int failures)
    {
        if (failures <= 0)
        {
            return TimeSpan.Zero;
        }

        var ticks = FirstDelay.Ticks << Math.Min(failures - 1, 16);
        return TimeSpan.FromTicks(Math.Min(ticks, MaxDelay.Ticks));
    }

    private bool IsStale(Entry entry) => time.GetElapsedTime(entry.LastFailure) >= ForgetAfter;

    private void Prune()
    {
        foreach (var (key, entry) in clients)
        {
            if (IsStale(entry))
            {
                clients.TryRemove(key, out _);
            }
        }
    }

    private readonly record struct Entry(int Failures, long LastFailure);
}
