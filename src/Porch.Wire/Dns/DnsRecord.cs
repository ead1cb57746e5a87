namespace Porch.Wire.Dns;

/// <summary>
/// A resource record with its RDATA as bytes. Types whose RDATA holds names (NS, CNAME, SOA) keep the raw bytes: Porch
/// only needs to read TXT, A, AAAA and TSIG, and RFC 2136 writes none with names.
/// </summary>
internal sealed record DnsRecord(string Name, DnsType Type, DnsClass Class, uint Ttl, ReadOnlyMemory<byte> Data)
{
    /// <summary>Record equality for RRset comparison: names case-insensitively (RFC 4343), RDATA byte for byte.</summary>
    public bool SameAs(DnsRecord other) =>
        DnsName.Equal(Name, other.Name) && Type == other.Type && Class == other.Class && Data.Span.SequenceEqual(other.Data.Span);
}
