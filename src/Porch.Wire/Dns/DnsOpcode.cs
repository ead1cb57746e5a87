namespace Porch.Wire.Dns;

/// <summary>The header's OPCODE (RFC 1035 §4.1.1, RFC 2136 §1).</summary>
internal enum DnsOpcode : byte
{
    Query = 0,
    Update = 5,
}
