using System.Globalization;
using System.Text;

namespace Porch.Wire.Htcpcp;

/// <summary>
/// Parses a complete reply as a client sees it after the pot closed the connection: status line, header fields, and
/// the body (Content-Length bytes when given, otherwise everything after the blank line).
/// </summary>
internal static class HtcpcpResponseParser
{
    public static HtcpcpResponse? Parse(ReadOnlySpan<byte> input, out string? error)
    {
        error = null;
        var headEnd = FindHeadEnd(input, out var bodyStart);
        if (headEnd < 0)
        {
            error = "the reply has no blank line after its header fields";
            return null;
        }

        var lines = Encoding.Latin1.GetString(input[..headEnd]).Split('\n');
        var statusLine = lines[0].TrimEnd('\r');
        if (!TryParseStatusLine(statusLine, out var protocol, out var minor, out var status, out var reason))
        {
            error = $"\"{statusLine}\" is not a status line (HTCPCP/1.x CODE REASON)";
            return null;
        }

        var headers = new List<HtcpcpHeader>(lines.Length - 1);
        foreach (var raw in lines.AsSpan(1))
        {
            var line = raw.TrimEnd('\r');
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = $"\"{line}\" is not a header field";
                return null;
            }

            headers.Add(new HtcpcpHeader(line[..colon], line[(colon + 1)..].Trim(' ', '\t')));
        }

        var body = input[bodyStart..];
        var declared = headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (declared is not null && int.TryParse(declared, NumberStyles.None, CultureInfo.InvariantCulture, out var length) && length <= body.Length)
        {
            body = body[..length];
        }

        return new HtcpcpResponse
        {
            Protocol = protocol,
            MinorVersion = minor,
            Status = status,
            Reason = reason,
            Headers = headers,
            Body = body.ToArray(),
        };
    }

    /// <summary>End of the header section (exclusive, without the blank line) and where the body starts; CRLF or bare LF.</summary>
    private static int FindHeadEnd(ReadOnlySpan<byte> input, out int bodyStart)
    {
        bodyStart = 0;
        for (var i = 0; i < input.Length; i++)
        {
            if (input[i] != '\n')
            {
                continue;
            }

            var next = i + 1;
            if (next < input.Length && input[next] == '\n')
            {
                bodyStart = next + 1;
                return i;
            }

            if (next + 1 < input.Length && input[next] == '\r' && input[next + 1] == '\n')
            {
                bodyStart = next + 2;
                return i;
            }
        }

        return -1;
    }

    private static bool TryParseStatusLine(string line, out string protocol, out int minor, out int status, out string reason)
    {
        protocol = reason = "";
        minor = status = 0;
        var slash = line.IndexOf("/1.", StringComparison.Ordinal);
        if (slash <= 0 || line.Length < slash + 4 + 4 || line[slash + 4] != ' ' || !char.IsAsciiDigit(line[slash + 3]))
        {
            return false;
        }

        protocol = line[..slash];
        minor = line[slash + 3] - '0';
        var rest = line[(slash + 5)..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        var code = space < 0 ? rest : rest[..space];
        reason = space < 0 ? "" : rest[(space + 1)..];
        return code.Length == 3 && int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out status);
    }
}
