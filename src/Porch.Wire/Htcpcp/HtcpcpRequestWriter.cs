using System.Globalization;
using System.Text;

namespace Porch.Wire.Htcpcp;

/// <summary>Encodes a request as a client sends it: request line, header fields, blank line, body; CRLF line endings.</summary>
internal static class HtcpcpRequestWriter
{
    /// <summary>
    /// A non-empty body gets a Content-Length (RFC 9112 §6.2), so a pot need not guess where it ends; the pot also
    /// copes without one, as the course's clients send it.
    /// </summary>
    public static byte[] Encode(string method, string target, IEnumerable<HtcpcpHeader> headers, string body = "", int minorVersion = 0)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{method} {target} HTCPCP/1.{minorVersion}\r\n");
        foreach (var header in headers)
        {
            if (header.Value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                throw new ArgumentException($"Header {header.Name} contains a line break.", nameof(headers));
            }

            text.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
        }

        var bodyBytes = Encoding.UTF8.GetBytes(body);
        if (bodyBytes.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Length: {bodyBytes.Length}\r\n");
        }

        text.Append("\r\n");
        return [.. Encoding.UTF8.GetBytes(text.ToString()), .. bodyBytes];
    }
}
