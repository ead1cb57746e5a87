using System.Globalization;
using System.Text;

namespace Porch.Wire.Htcpcp;

/// <summary>
/// Parses an HTCPCP request head (RFC 2324 §2: HTTP/1.1 message syntax, RFC 9112) from the bytes received so far.
/// <list type="number">
/// <item>Empty lines before the request line are skipped (RFC 9112 §2.2).</item>
/// <item>The request line must be <c>method SP request-target SP version</c>, with <c>HTCPCP/1.x</c> or <c>HTTP/1.x</c>.</item>
/// <item>Header lines are <c>name ":" OWS value OWS</c>; whitespace before the colon and obsolete folding are rejected
/// (RFC 9112 §5.1, §5.2) because they are how request smuggling starts.</item>
/// <item>Lines end with CRLF; a bare LF is accepted (RFC 9112 §2.2 allows it, and people type requests into netcat),
/// a bare CR is not.</item>
/// </list>
/// The scan allocates nothing until the head is complete; bytes that can never become a valid request are rejected
/// as soon as they are seen, so garbage gets its 400 without waiting for a timeout.
/// </summary>
internal static class HtcpcpRequestParser
{
    public static HtcpcpParseResult Parse(ReadOnlySpan<byte> input, HtcpcpLimits limits, out HtcpcpRequestHead? head)
    {
        head = null;
        if (input.Length >= 2 && input[0] == 0x16 && input[1] == 0x03)
        {
            return HtcpcpParseResult.Invalid(HtcpcpRequestError.TlsHandshake,
                "This is a TLS handshake (an https:// client?); the pot speaks plain-text HTCPCP.");
        }

        var start = SkipLeadingEmptyLines(input);
        if (start < 0)
        {
            return input.Length > limits.MaxHeadBytes ? TooLarge() : HtcpcpParseResult.Incomplete;
        }

        var requestLineEnd = input[start..].IndexOf((byte)'\n');
        if (requestLineEnd < 0)
        {
            var partial = CheckPartialRequestLine(input[start..]);
            return partial.Status == HtcpcpParseStatus.Invalid ? partial
                : input.Length > limits.MaxHeadBytes ? TooLarge() : HtcpcpParseResult.Incomplete;
        }

        var lineResult = ParseRequestLine(HtcpcpSyntax.TrimCr(input.Slice(start, requestLineEnd)), out var method, out var target, out var protocol, out var minor);
        if (lineResult.Status == HtcpcpParseStatus.Invalid)
        {
            return lineResult;
        }

        var position = start + requestLineEnd + 1;
        var headerCount = 0;
        while (true)
        {
            if (position > limits.MaxHeadBytes)
            {
                return TooLarge();
            }

            var lineEnd = input[position..].IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                // A CR may be the first half of a CRLF still in flight, but only as the last byte received.
                var cr = input[position..].IndexOf((byte)'\r');
                return cr >= 0 && position + cr < input.Length - 1 ? BareCr()
                    : input.Length > limits.MaxHeadBytes ? TooLarge() : HtcpcpParseResult.Incomplete;
            }

            var line = HtcpcpSyntax.TrimCr(input.Slice(position, lineEnd));
            position += lineEnd + 1;
            if (position > limits.MaxHeadBytes)
            {
                return TooLarge();
            }

            if (line.IsEmpty)
            {
                break;
            }

            var check = HtcpcpSyntax.CheckHeaderLine(line);
            if (check.Status == HtcpcpParseStatus.Invalid)
            {
                return check;
            }

            if (++headerCount > limits.MaxHeaderCount)
            {
                return HtcpcpParseResult.Invalid(HtcpcpRequestError.TooManyHeaders, $"More than {limits.MaxHeaderCount} header fields.");
            }
        }

        return Build(input, start + requestLineEnd + 1, position, headerCount, limits, method, target, protocol, minor, out head);
    }

    private static HtcpcpParseResult Build(
        ReadOnlySpan<byte> input, int headersStart, int headEnd, int headerCount, HtcpcpLimits limits,
        string method, string target, string protocol, int minor, out HtcpcpRequestHead? head)
    {
        head = null;
        var headers = new HtcpcpHeader[headerCount];
        long? contentLength = null;
        var position = headersStart;
        for (var i = 0; i < headerCount; i++)
        {
            var lineEnd = input[position..].IndexOf((byte)'\n');
            var line = HtcpcpSyntax.TrimCr(input.Slice(position, lineEnd));
            position += lineEnd + 1;
            var colon = line.IndexOf((byte)':');
            var name = Encoding.ASCII.GetString(line[..colon]);
            var value = Encoding.Latin1.GetString(line[(colon + 1)..].Trim(" \t"u8));
            headers[i] = new HtcpcpHeader(name, value);
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                return HtcpcpParseResult.Invalid(HtcpcpRequestError.TransferEncoding,
                    "Transfer-Encoding is not supported; send the body with Content-Length, or just send it.");
            }

            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                    || (contentLength is { } previous && previous != length))
                {
                    return HtcpcpParseResult.Invalid(HtcpcpRequestError.BadContentLength, "Content-Length must be one decimal number.");
                }

                contentLength = length;
            }
        }

        if (contentLength > limits.MaxBodyBytes)
        {
            return HtcpcpParseResult.Invalid(HtcpcpRequestError.BodyTooLarge, $"A coffee command is at most {limits.MaxBodyBytes} bytes.");
        }

        head = new HtcpcpRequestHead
        {
            Method = method,
            Target = target,
            Protocol = protocol,
            MinorVersion = minor,
            Headers = headers,
            HeadLength = headEnd,
            ContentLength = contentLength,
        };
        return HtcpcpParseResult.Complete;
    }

    /// <summary>Index of the request line's first byte, or -1 when the input so far is only line breaks.</summary>
    private static int SkipLeadingEmptyLines(ReadOnlySpan<byte> input)
    {
        var i = 0;
        while (i < input.Length)
        {
            if (input[i] == '\n')
            {
                i++;
            }
            else if (input[i] == '\r' && (i + 1 >= input.Length || input[i + 1] == '\n'))
            {
                if (i + 1 >= input.Length)
                {
                    return -1;
                }

                i += 2;
            }
            else
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Rejects a request line that can no longer become valid, before its line break arrives.</summary>
    private static HtcpcpParseResult CheckPartialRequestLine(ReadOnlySpan<byte> partial)
    {
        var space = partial.IndexOf((byte)' ');
        var method = space < 0 ? partial : partial[..space];
        foreach (var b in method)
        {
            if (!HtcpcpSyntax.IsTokenChar(b))
            {
                return BadRequestLine();
            }
        }

        return HtcpcpParseResult.Incomplete;
    }

    private static HtcpcpParseResult ParseRequestLine(
        ReadOnlySpan<byte> line, out string method, out string target, out string protocol, out int minor)
    {
        method = target = protocol = "";
        minor = 0;
        if (line.IndexOf((byte)'\r') >= 0)
        {
            return BareCr();
        }

        var firstSpace = line.IndexOf((byte)' ');
        var lastSpace = line.LastIndexOf((byte)' ');
        if (firstSpace <= 0 || lastSpace == firstSpace)
        {
            return BadRequestLine();
        }

        var methodBytes = line[..firstSpace];
        var targetBytes = line[(firstSpace + 1)..lastSpace];
        var versionBytes = line[(lastSpace + 1)..];
        foreach (var b in methodBytes)
        {
            if (!HtcpcpSyntax.IsTokenChar(b))
            {
                return BadRequestLine();
            }
        }

        if (targetBytes.IsEmpty)
        {
            return BadRequestLine();
        }

        foreach (var b in targetBytes)
        {
            // Visible ASCII, plus raw UTF-8 so that a client typing кофе:// or café:// is understood.
            if (b <= 0x20 || b == 0x7F)
            {
                return BadRequestLine();
            }
        }

        if (!HtcpcpSyntax.TryParseVersion(versionBytes, out protocol, out minor))
        {
            return HtcpcpParseResult.Invalid(HtcpcpRequestError.BadVersion, "The version must be HTCPCP/1.x or HTTP/1.x.");
        }

        method = Encoding.ASCII.GetString(methodBytes);
        target = Encoding.UTF8.GetString(targetBytes);
        return HtcpcpParseResult.Complete;
    }

    private static HtcpcpParseResult BadRequestLine() =>
        HtcpcpParseResult.Invalid(HtcpcpRequestError.BadRequestLine, "The request line must be METHOD target HTCPCP/1.x, e.g. BREW coffee://ducky HTCPCP/1.0.");

    public static HtcpcpParseResult BareCr() =>
        HtcpcpParseResult.Invalid(HtcpcpRequestError.BareCarriageReturn, "Lines must end with CRLF; a lone CR was found.");

    private static HtcpcpParseResult TooLarge() =>
        HtcpcpParseResult.Invalid(HtcpcpRequestError.HeadTooLarge, "The request line and headers are too large, or never ended with a blank line.");
}
