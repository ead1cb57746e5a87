using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Porch.Wire.Dns;

/// <summary>RDATA of the types Porch writes: TXT (RFC 1035 §3.3.14) and A / AAAA (RFC 1035 §3.4.1, RFC 3596 §2.2).</summary>
internal static class DnsRecordData
{
    /// <summary>A character-string holds at most 255 bytes (RFC 1035 §3.3), so longer text is split across several.</summary>
    public const int MaxCharacterString = 255;

    public static byte[] Txt(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var output = new List<byte>(bytes.Length + (bytes.Length / MaxCharacterString) + 1);
        var at = 0;
        do
        {
            var chunk = Math.Min(MaxCharacterString, bytes.Length - at);
            output.Add((byte)chunk);
            output.AddRange(bytes.AsSpan(at, chunk));
            at += chunk;
        }
        while (at < bytes.Length);
        return [.. output];
    }

    /// <summary>The character-strings of TXT data joined into one text, or null when the data is malformed.</summary>
    public static string? ReadTxt(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder();
        while (!data.IsEmpty)
        {
            var length = data[0];
            if (length + 1 > data.Length)
            {
                return null;
            }

            text.Append(Encoding.UTF8.GetString(data.Slice(1, length)));
            data = data[(length + 1)..];
        }

        return text.ToString();
    }

    /// <summary>An IPv4-mapped IPv6 address (::ffff:a.b.c.d, as dual-stack sockets report) is an A record.</summary>
    public static DnsType AddressType(IPAddress address) => Plain(address).AddressFamily == AddressFamily.InterNetworkV6 ? DnsType.AAAA : DnsType.A;

    public static byte[] Address(IPAddress address) => Plain(address).GetAddressBytes();

    private static IPAddress Plain(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public static IPAddress? ReadAddress(DnsRecord record) => record.Type switch
    {
        DnsType.A when record.Data.Length == 4 => new IPAddress(record.Data.Span),
        DnsType.AAAA when record.Data.Length == 16 => new IPAddress(record.Data.Span),
        _ => null,
    };
}
