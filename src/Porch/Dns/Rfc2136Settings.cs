using System.Net;
using Porch.Wire.Dns;

namespace Porch.Dns;

/// <summary>
/// Where and how to send dynamic updates: the primary server, the zone, the TSIG key (null = unsigned, for a server
/// that allows updates by address), and the patience of one exchange.
/// </summary>
internal sealed record Rfc2136Settings(IPEndPoint Server, string Zone, TsigKey? Key)
{
    /// <summary>How long one attempt waits for an answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>UDP attempts before giving up (RFC 1035 §4.2.1 leaves retransmission to the client).</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>TTL of the records Porch adds: short, so a stale challenge or address fades quickly.</summary>
    public uint Ttl { get; init; } = 60;

    public string KeyDescription => Key is null ? "no TSIG key" : $"TSIG key '{Key.Name}' ({TsigAlgorithms.Name(Key.Algorithm)})";
}
