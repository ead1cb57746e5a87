using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Porch.Wire.ProxyProtocol;

/// <summary>
/// The v1 text header (proxy-protocol.txt §2.1): <c>PROXY TCP4 192.0.2.1 198.51.100.2 56324 443\r\n</c>, single
/// spaces, at most 107 bytes; <c>PROXY UNKNOWN</c> with anything up to the CRLF means "use the socket's addresses".
/// Strict on purpose: addresses in canonical form for their family, ports without leading zeros, so what is accepted
/// is what a real proxy writes.
/// </summary>
internal static class ProxyV1Parser
{
    private static readonly SearchValues<byte> IPv6Text = SearchValues.Create("0123456789abcdefABCDEF:."u8);

    /// <summary>Parses a header that starts with "PROXY " (the caller checked).</summary>
    public static ProxyParseResult Parse(ReadOnlySpan<byte> input)
    {
        var window = input[..Math.Min(input.Length, ProxyProtocolLimits.V1MaxLength)];
        var newline = window.IndexOf((byte)'\n');
        if (newline < 0)
        {
            var badByte = window.IndexOfAnyExceptInRange((byte)' ', (byte)'~');
            if (badByte >= 0 && !(window[badByte] == '\r' && badByte == window.Length - 1))
            {
                return ProxyParseResult.Malformed($"the v1 header has byte 0x{window[badByte]:X2} before its CRLF; only printable ASCII is allowed");
            }

            return input.Length >= ProxyProtocolLimits.V1MaxLength
                ? ProxyParseResult.Malformed($"the v1 header has no CRLF within {ProxyProtocolLimits.V1MaxLength} bytes")
                : ProxyParseResult.NeedMoreData;
        }

        if (newline == 0 || window[newline - 1] != '\r')
        {
            return ProxyParseResult.Malformed("the v1 header ends in a bare LF; it must end in CRLF");
        }

        var line = window[ProxyProtocolLimits.V1Prefix.Length..(newline - 1)];
        if (line.IndexOfAnyExceptInRange((byte)' ', (byte)'~') >= 0)
        {
            return ProxyParseResult.Malformed("the v1 header has a control or non-ASCII byte; only printable ASCII is allowed");
        }

        var length = newline + 1;
        if (line.SequenceEqual("UNKNOWN"u8) || line.StartsWith("UNKNOWN "u8))
        {
            // §2.1: the receiver ignores whatever follows UNKNOWN and keeps the socket's addresses.
            return ProxyParseResult.Done(new ProxyHeader { Version = 1, Family = ProxyAddressFamily.Unspecified }, length);
        }

        Span<Range> fields = stackalloc Range[6];
        if (Split(line, (byte)' ', fields) != 5)
        {
            return ProxyParseResult.Malformed("the v1 header must be \"PROXY TCP4|TCP6 SOURCE DESTINATION SPORT DPORT\" with single spaces, or \"PROXY UNKNOWN\"");
        }

        var family = line[fields[0]] switch
        {
            var p when p.SequenceEqual("TCP4"u8) => ProxyAddressFamily.Inet,
            var p when p.SequenceEqual("TCP6"u8) => ProxyAddressFamily.Inet6,
            _ => (ProxyAddressFamily?)null,
        };
        if (family is not { } inet)
        {
            return ProxyParseResult.Malformed("the v1 protocol must be TCP4, TCP6 or UNKNOWN");
        }

        if (!TryParseAddress(line[fields[1]], inet, out var source) || !TryParseAddress(line[fields[2]], inet, out var destination))
        {
            return ProxyParseResult.Malformed(inet == ProxyAddressFamily.Inet
                ? "a v1 TCP4 address is not a dotted-quad IPv4 address"
                : "a v1 TCP6 address is not an IPv6 address");
        }

        if (!TryParsePort(line[fields[3]], out var sourcePort) || !TryParsePort(line[fields[4]], out var destinationPort))
        {
            return ProxyParseResult.Malformed("a v1 port is not a number from 0 to 65535 without leading zeros");
        }

        return ProxyParseResult.Done(new ProxyHeader
        {
            Version = 1,
            Family = inet,
            Source = new IPEndPoint(source, sourcePort),
            Destination = new IPEndPoint(destination, destinationPort),
        }, length);
    }

    private static bool TryParseAddress(ReadOnlySpan<byte> text, ProxyAddressFamily family, out IPAddress address)
    {
        address = IPAddress.None;
        if (family == ProxyAddressFamily.Inet)
        {
            return TryParseIPv4(text, out address);
        }

        // IPAddress.TryParse also accepts brackets, scope IDs and IPv4 forms; only hex digits, ':' and '.' are IPv6 text.
        if (text.IsEmpty || text.Length > 45 || !text.Contains((byte)':') || text.ContainsAnyExcept(IPv6Text))
        {
            return false;
        }

        Span<char> chars = stackalloc char[45];
        var count = Encoding.ASCII.GetChars(text, chars);
        if (!IPAddress.TryParse(chars[..count], out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        address = parsed;
        return true;
    }

    private static bool TryParseIPv4(ReadOnlySpan<byte> text, out IPAddress address)
    {
        address = IPAddress.None;
        Span<Range> parts = stackalloc Range[5];
        if (Split(text, (byte)'.', parts) != 4)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (!TryParseNumber(text[parts[i]], 3, out var value) || value > 255)
            {
                return false;
            }

            bytes[i] = (byte)value;
        }

        address = new IPAddress(bytes);
        return true;
    }

    /// <summary>Fills <paramref name="ranges"/> with the fields between separators; returns the count, or more than the
    /// room when there are too many fields.</summary>
    private static int Split(ReadOnlySpan<byte> text, byte separator, Span<Range> ranges)
    {
        var count = 0;
        var start = 0;
        while (true)
        {
            if (count == ranges.Length)
            {
                return count + 1;
            }

            var end = text[start..].IndexOf(separator);
            if (end < 0)
            {
                ranges[count++] = start..text.Length;
                return count;
            }

            ranges[count++] = start..(start + end);
            start += end + 1;
        }
    }

    private static bool TryParsePort(ReadOnlySpan<byte> text, out int port) =>
        TryParseNumber(text, 5, out port) && port <= ushort.MaxValue;

    /// <summary>1 to <paramref name="maxDigits"/> ASCII digits, no leading zero unless the number is 0.</summary>
    private static bool TryParseNumber(ReadOnlySpan<byte> text, int maxDigits, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > maxDigits || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
