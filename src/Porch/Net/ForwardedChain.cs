using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Primitives;

namespace Porch.Net;

/// <summary>
/// Walks a forwarded header from the right, the hop nearest Porch first. Each proxy appends the address it received
/// the request from (RFC 7239 §4; X-Forwarded-For by the same convention), so an entry is only as believable as the
/// hop that appended it: the walk takes an entry while the address it has reached is a trusted proxy, and stops at
/// the first untrusted address (the real client), at an entry that is not an address (<c>unknown</c>, an obfuscated
/// identifier, garbage: nobody can vouch past it), or after <see cref="MaxHops"/> entries.
/// </summary>
internal static class ForwardedChain
{
    /// <summary>More trusted proxies than this in a row is a loop or an attack, not a deployment.</summary>
    public const int MaxHops = 16;

    /// <summary>
    /// The verified chain, real client first and <paramref name="peer"/> last, or null when no entry could be taken
    /// (the client is the peer itself). <paramref name="peer"/> must already be trusted.
    /// </summary>
    public static List<IPAddress>? Walk(IPAddress peer, StringValues values, ForwardedSyntax syntax, CidrSet trusted)
    {
        var elements = Split(values);
        List<IPAddress>? reversed = null;
        var current = peer;
        for (var i = elements.Count - 1; i >= 0 && elements.Count - i <= MaxHops; i--)
        {
            if (!trusted.Contains(current))
            {
                break;
            }

            var (line, range) = elements[i];
            var element = values[line].AsSpan()[range];
            var node = syntax == ForwardedSyntax.Forwarded ? ForParameter(element) : element;
            if (!TryParseNode(node, out var hop))
            {
                break;
            }

            (reversed ??= [current]).Add(hop);
            current = hop;
        }

        reversed?.Reverse();
        return reversed;
    }

    /// <summary>
    /// A node as it appears in either header: <c>192.0.2.1</c>, <c>192.0.2.1:8080</c>, <c>[2001:db8::1]</c>,
    /// <c>[2001:db8::1]:8080</c>, a bare <c>2001:db8::1</c> (X-Forwarded-For), optionally in double quotes (RFC 7239
    /// §6 requires them around IPv6). IPv4-mapped addresses come back as IPv4.
    /// </summary>
    public static bool TryParseNode(ReadOnlySpan<char> node, out IPAddress address)
    {
        address = IPAddress.None;
        node = node.Trim(" \t");
        if (node.Length >= 2 && node[0] == '"' && node[^1] == '"')
        {
            node = node[1..^1];
        }

        ReadOnlySpan<char> host;
        if (node.StartsWith('['))
        {
            var close = node.IndexOf(']');
            if (close < 0 || !IsPortSuffix(node[(close + 1)..]))
            {
                return false;
            }

            host = node[1..close];
            if (!host.Contains(':'))
            {
                return false;
            }
        }
        else if (node.Count(':') >= 2)
        {
            host = node;
        }
        else
        {
            var colon = node.IndexOf(':');
            if (colon >= 0 && !IsPortSuffix(node[colon..]))
            {
                return false;
            }

            host = colon < 0 ? node : node[..colon];
            // IPAddress.TryParse also takes "10" or "10.1" (inet_aton forms); a forwarded address is dotted-quad.
            if (host.Count('.') != 3)
            {
                return false;
            }
        }

        if (host.Contains('%') || !IPAddress.TryParse(host, out var parsed))
        {
            return false;
        }

        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return address.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
    }

    /// <summary>Empty, or ':' and 1 to 5 digits (node-port, RFC 7239 §6; obfuscated ports are not addresses anyway).</summary>
    private static bool IsPortSuffix(ReadOnlySpan<char> rest) =>
        rest.IsEmpty || (rest.Length is >= 2 and <= 6 && rest[0] == ':' && !rest[1..].ContainsAnyExceptInRange('0', '9'));

    /// <summary>The value of the <c>for</c> parameter of one forwarded-element (RFC 7239 §4), empty when there is none.</summary>
    private static ReadOnlySpan<char> ForParameter(ReadOnlySpan<char> element)
    {
        while (!element.IsEmpty)
        {
            var end = EndOf(element, ';');
            var pair = element[..end].Trim(" \t");
            element = end < element.Length ? element[(end + 1)..] : [];
            var equals = pair.IndexOf('=');
            if (equals > 0 && pair[..equals].TrimEnd(" \t").Equals("for", StringComparison.OrdinalIgnoreCase))
            {
                return pair[(equals + 1)..];
            }
        }

        return [];
    }

    /// <summary>The list elements of every header line, in order, without splitting inside quoted strings.</summary>
    private static List<(int Line, Range Range)> Split(StringValues values)
    {
        var elements = new List<(int, Range)>();
        for (var line = 0; line < values.Count; line++)
        {
            var text = values[line].AsSpan();
            var start = 0;
            while (start <= text.Length)
            {
                var end = start + EndOf(text[start..], ',');
                if (!text[start..end].Trim(" \t").IsEmpty)
                {
                    elements.Add((line, start..end));
                }

                start = end + 1;
            }
        }

        return elements;
    }

    /// <summary>Index of the first <paramref name="separator"/> outside a quoted-string (RFC 9110 §5.6.4), or the length.</summary>
    private static int EndOf(ReadOnlySpan<char> text, char separator)
    {
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted && c == '\\')
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == separator && !quoted)
            {
                return i;
            }
        }

        return text.Length;
    }
}
