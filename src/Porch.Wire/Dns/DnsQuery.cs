namespace Porch.Wire.Dns;

/// <summary>A standard query for one name and type (RFC 1035 §4.1).</summary>
internal static class DnsQuery
{
    /// <summary>Without recursion desired: Porch asks the authoritative server itself what it now answers.</summary>
    public static byte[] Encode(ushort id, string name, DnsType type, bool recursionDesired = false)
    {
        var header = new DnsHeader(id, IsResponse: false, DnsOpcode.Query, false, false, recursionDesired, false, 0, 0, 0, 0, 0);
        return DnsMessageWriter.Encode(header, [new DnsQuestion(name, type)], [], [], []);
    }
}
