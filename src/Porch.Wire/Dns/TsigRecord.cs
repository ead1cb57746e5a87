namespace Porch.Wire.Dns;

/// <summary>The fields of a TSIG record (RFC 8945 §4.2); <see cref="KeyName"/> is the record's owner name.</summary>
internal sealed record TsigRecord(
    string KeyName,
    string Algorithm,
    long TimeSigned,
    ushort Fudge,
    ReadOnlyMemory<byte> Mac,
    ushort OriginalId,
    DnsRcode Error,
    ReadOnlyMemory<byte> OtherData);
