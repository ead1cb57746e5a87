namespace Porch.Wire.Dns;

/// <summary>A question; in an UPDATE it is the zone section's single entry, whose type is SOA (RFC 2136 §2.3).</summary>
internal sealed record DnsQuestion(string Name, DnsType Type, DnsClass Class = DnsClass.IN);
