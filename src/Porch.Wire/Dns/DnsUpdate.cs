namespace Porch.Wire.Dns;

/// <summary>
/// An UPDATE message (RFC 2136 §2): the zone to change, prerequisites that must all hold, and the changes, which the
/// server applies all or none (§3.4). Build the records with <see cref="DnsUpdateRecords"/>.
/// </summary>
internal sealed record DnsUpdate(string Zone, IReadOnlyList<DnsRecord> Prerequisites, IReadOnlyList<DnsRecord> Updates)
{
    public byte[] Encode(ushort id)
    {
        var header = new DnsHeader(id, IsResponse: false, DnsOpcode.Update, false, false, false, false, 0, 0, 0, 0, 0);

        // §2.3: the zone section holds exactly one entry, the zone's name with type SOA.
        return DnsMessageWriter.Encode(header, [new DnsQuestion(Zone, DnsType.SOA)], Prerequisites, Updates, []);
    }
}
