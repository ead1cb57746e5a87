namespace Porch.Wire.Dns;

/// <summary>
/// The records of RFC 2136's prerequisite (§2.4) and update (§2.5) sections. The meaning is carried by CLASS, TTL and
/// an empty or full RDATA, so each operation is a factory that gets those three right.
/// </summary>
internal static class DnsUpdateRecords
{
    /// <summary>§2.5.1: add one RR to an RRset (the server ignores an exact duplicate).</summary>
    public static DnsRecord Add(string name, DnsType type, uint ttl, ReadOnlyMemory<byte> data) => new(name, type, DnsClass.IN, ttl, data);

    /// <summary>§2.5.2: delete an RRset: class ANY, TTL 0, no data.</summary>
    public static DnsRecord DeleteRRset(string name, DnsType type) => new(name, type, DnsClass.ANY, 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>§2.5.3: delete every RRset of a name: type ANY, class ANY.</summary>
    public static DnsRecord DeleteName(string name) => new(name, DnsType.ANY, DnsClass.ANY, 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>§2.5.4: delete one RR from an RRset: class NONE, TTL 0, the RR's data.</summary>
    public static DnsRecord DeleteRecord(string name, DnsType type, ReadOnlyMemory<byte> data) => new(name, type, DnsClass.NONE, 0, data);

    /// <summary>§2.4.1: the RRset exists, whatever its values.</summary>
    public static DnsRecord RRsetExists(string name, DnsType type) => new(name, type, DnsClass.ANY, 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>§2.4.2: the RRset exists with exactly these values (one record per value, class IN, TTL 0).</summary>
    public static DnsRecord RRsetHasValue(string name, DnsType type, ReadOnlyMemory<byte> data) => new(name, type, DnsClass.IN, 0, data);

    /// <summary>§2.4.3: no RRset of this type exists at the name.</summary>
    public static DnsRecord RRsetDoesNotExist(string name, DnsType type) => new(name, type, DnsClass.NONE, 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>§2.4.4: the name owns at least one RR.</summary>
    public static DnsRecord NameInUse(string name) => new(name, DnsType.ANY, DnsClass.ANY, 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>§2.4.5: the name owns no RR.</summary>
    public static DnsRecord NameNotInUse(string name) => new(name, DnsType.ANY, DnsClass.NONE, 0, ReadOnlyMemory<byte>.Empty);
}
