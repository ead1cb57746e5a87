namespace Porch.Wire.Dns;

/// <summary>
/// A decoded message. In an UPDATE the sections are zone, prerequisite, update and additional (RFC 2136 §2).
/// A TSIG record, when the message ends with one, is taken out of <see cref="Additional"/> into <see cref="Tsig"/>,
/// with the offset where it started, because its MAC covers exactly the bytes before it (RFC 8945 §4.3).
/// </summary>
internal sealed record DnsMessage(
    DnsHeader Header,
    IReadOnlyList<DnsQuestion> Questions,
    IReadOnlyList<DnsRecord> Answers,
    IReadOnlyList<DnsRecord> Authority,
    IReadOnlyList<DnsRecord> Additional)
{
    public TsigRecord? Tsig { get; init; }

    /// <summary>Offset of the TSIG record in the message bytes; -1 without one.</summary>
    public int TsigOffset { get; init; } = -1;

    public DnsRcode Rcode => (DnsRcode)Header.Rcode;
}
