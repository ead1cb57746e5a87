namespace Porch.Wire.Dns;

/// <summary>The record types Porch reads or writes (RFC 1035 §3.2.2, RFC 3596, RFC 8945 §4.2).</summary>
internal enum DnsType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    SOA = 6,
    TXT = 16,
    AAAA = 28,
    OPT = 41,
    TSIG = 250,

    /// <summary>"All types": in an UPDATE's update section it deletes every RRset of a name (RFC 2136 §2.5.3).</summary>
    ANY = 255,
}
