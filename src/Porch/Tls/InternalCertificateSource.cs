using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Tls;

/// <summary>
/// Leaves from the <see cref="LocalCa"/>, issued the first time a name is asked for and kept in memory until a third
/// of their life is left. A name is what the client sent in SNI, or, without SNI, the address it connected to (passed
/// in as text by the TLS layer); with neither, a leaf for localhost and the loopback addresses.
/// </summary>
internal sealed class InternalCertificateSource(LocalCa ca, TimeProvider time) : ICertificateSource
{
    /// <summary>
    /// Any client can ask for any name, so the cache is bounded: past this many names the oldest half is dropped and
    /// re-issued when asked for again (a leaf costs about a millisecond to sign).
    /// </summary>
    public const int MaxCached = 512;

    private const string NoName = "";

    private readonly ConcurrentDictionary<string, Lazy<Issued>> cache = new(StringComparer.OrdinalIgnoreCase);

    public LocalCa Ca => ca;

    public int CachedCount => cache.Count;

    public SslStreamCertificateContext? Find(string? serverName)
    {
        var key = serverName ?? NoName;
        var entry = cache.GetOrAdd(key, Issue);
        if (time.GetUtcNow() >= entry.Value.RenewAt)
        {
            // Replace only the entry this caller saw, so concurrent handshakes do not each sign a new leaf.
            var fresh = new Lazy<Issued>(() => Create(key));
            entry = cache.TryUpdate(key, fresh, entry) ? fresh : cache.GetOrAdd(key, Issue);
        }

        return entry.Value.Context;
    }

    private Lazy<Issued> Issue(string key)
    {
        if (cache.Count >= MaxCached)
        {
            Trim();
        }

        return new Lazy<Issued>(() => Create(key));
    }

    private Issued Create(string key)
    {
        var now = time.GetUtcNow();
        var (dns, addresses) = Names(key);
        using var leaf = ca.Issue(dns, addresses, now);
        // The context keeps its own copy of the certificate and builds the chain (leaf, root) once, offline.
        var context = SslStreamCertificateContext.Create(new X509Certificate2(leaf), [ca.Root], offline: true);
        return new Issued(context, now + (LocalCa.LeafLifetime * 2 / 3));
    }

    /// <summary>What goes in the leaf's subjectAltName (RFC 5280 §4.2.1.6) for the name asked for.</summary>
    public static (IReadOnlyList<string> Dns, IReadOnlyList<IPAddress> Addresses) Names(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return (["localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);
        }

        if (IPAddress.TryParse(key, out var address))
        {
            // Someone typing https://127.0.0.1 or https://[::1] is on this machine, where "localhost" works too.
            return IPAddress.IsLoopback(address) ? (["localhost"], [address]) : ([], [address]);
        }

        return ([key], []);
    }

    private void Trim()
    {
        foreach (var key in cache.Keys.Take(MaxCached / 2))
        {
            cache.TryRemove(key, out _);
        }
    }

    private sealed record Issued(SslStreamCertificateContext Context, DateTimeOffset RenewAt);
}
