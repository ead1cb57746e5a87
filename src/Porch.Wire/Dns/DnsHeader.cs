namespace Porch.Wire.Dns;

/// <summary>The 12-byte message header (RFC 1035 §4.1.1). In an UPDATE the four counts are ZOCOUNT, PRCOUNT, UPCOUNT
/// and ADCOUNT (RFC 2136 §2.2).</summary>
internal readonly record struct DnsHeader(
    ushort Id,
    bool IsResponse,
    DnsOpcode Opcode,
    bool Authoritative,
    bool Truncated,
    bool RecursionDesired,
    bool RecursionAvailable,
    byte Rcode,
    ushort QuestionCount,
    ushort AnswerCount,
    ushort AuthorityCount,
    ushort AdditionalCount)
{
    public const int Size = 12;

    public ushort Flags =>
        (ushort)((IsResponse ? 0x8000 : 0) | ((int)Opcode & 0xF) << 11 | (Authoritative ? 0x0400 : 0) | (Truncated ? 0x0200 : 0)
            | (RecursionDesired ? 0x0100 : 0) | (RecursionAvailable ? 0x0080 : 0) | (Rcode & 0xF));

    public static DnsHeader FromFlags(ushort id, ushort flags, ushort qd, ushort an, ushort ns, ushort ar) => new(
        id,
        IsResponse: (flags & 0x8000) != 0,
        Opcode: (DnsOpcode)((flags >> 11) & 0xF),
        Authoritative: (flags & 0x0400) != 0,
        Truncated: (flags & 0x0200) != 0,
        RecursionDesired: (flags & 0x0100) != 0,
        RecursionAvailable: (flags & 0x0080) != 0,
        Rcode: (byte)(flags & 0xF),
        qd,
        an,
        ns,
        ar);
}
