namespace Porch.Wire.Htcpcp;

/// <summary>The small pieces of HTTP/1.1 message syntax (RFC 9112, RFC 9110 §5.6) the request parser is built from.</summary>
internal static class HtcpcpSyntax
{
    private static ReadOnlySpan<byte> HtcpcpPrefix => "HTCPCP/1."u8;

    private static ReadOnlySpan<byte> HttpPrefix => "HTTP/1."u8;

    public static bool TryParseVersion(ReadOnlySpan<byte> version, out string protocol, out int minor)
    {
        protocol = "";
        minor = 0;
        ReadOnlySpan<byte> digit;
        if (version.StartsWith(HtcpcpPrefix))
        {
            protocol = "HTCPCP";
            digit = version[HtcpcpPrefix.Length..];
        }
        else if (version.StartsWith(HttpPrefix))
        {
            protocol = "HTTP";
            digit = version[HttpPrefix.Length..];
        }
        else
        {
            return false;
        }

        if (digit.Length != 1 || !char.IsAsciiDigit((char)digit[0]))
        {
            return false;
        }

        minor = digit[0] - '0';
        return true;
    }

    public static HtcpcpParseResult CheckHeaderLine(ReadOnlySpan<byte> line)
    {
        if (line[0] is (byte)' ' or (byte)'\t')
        {
            return HtcpcpParseResult.Invalid(HtcpcpRequestError.BadHeader, "Header lines must not be folded (RFC 9112 section 5.2).");
        }

        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return HtcpcpParseResult.Invalid(HtcpcpRequestError.BadHeader, "Each header line must be Name: value.");
        }

        foreach (var b in line[..colon])
        {
            if (!IsTokenChar(b))
            {
                return HtcpcpParseResult.Invalid(HtcpcpRequestError.BadHeader, "A header name is a token, with no space before the colon.");
            }
        }

        foreach (var b in line[(colon + 1)..])
        {
            if (b == '\r')
            {
                return HtcpcpRequestParser.BareCr();
            }

            if ((b < 0x20 && b != '\t') || b == 0x7F)
            {
                return HtcpcpParseResult.Invalid(HtcpcpRequestError.BadHeader, "Header values must not contain control characters.");
            }
        }

        return HtcpcpParseResult.Complete;
    }

    public static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;

    /// <summary>tchar of RFC 9110 §5.6.2.</summary>
    public static bool IsTokenChar(byte b) =>
        b is (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'\'' or (byte)'*' or (byte)'+' or (byte)'-'
            or (byte)'.' or (byte)'^' or (byte)'_' or (byte)'`' or (byte)'|' or (byte)'~'
        || char.IsAsciiLetterOrDigit((char)b);
}
