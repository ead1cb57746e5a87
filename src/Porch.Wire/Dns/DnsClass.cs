namespace Porch.Wire.Dns;

/// <summary>Record classes; NONE and ANY carry meaning in UPDATE prerequisites and deletions (RFC 2136 §2.4, §2.5).</summary>
internal enum DnsClass : ushort
{
    IN = 1,
    NONE = 254,
    ANY = 255,
}
