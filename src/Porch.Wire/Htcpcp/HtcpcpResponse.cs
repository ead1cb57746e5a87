using System.Globalization;
using System.Text;

namespace Porch.Wire.Htcpcp;

/// <summary>
/// An HTCPCP reply: <c>HTCPCP/1.x CODE REASON</c>, header fields, a blank line, the body; every line ends with CRLF
/// (RFC 9112 §2.1). <see cref="Encode"/> produces the whole reply as one buffer so the pot sends it in one write:
/// clients in the wild read the reply with a single small read.
/// </summary>
internal sealed class HtcpcpResponse
{
    public required int MinorVersion { get; init; }

    public required int Status { get; init; }

    public string Reason { get; init; } = "";

    public IReadOnlyList<HtcpcpHeader> Headers { get; init; } = [];

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>The protocol name of the status line as received; a pot always writes <c>HTCPCP</c>.</summary>
    public string Protocol { get; init; } = "HTCPCP";

    public string? this[string name] =>
        Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Value;

    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    public byte[] Encode()
    {
        var statusLine = string.Create(CultureInfo.InvariantCulture,
            $"{Protocol}/1.{MinorVersion} {Status} {(Reason.Length > 0 ? Reason : HtcpcpStatus.ReasonPhrase(Status))}\r\n");
        var length = Encoding.ASCII.GetByteCount(statusLine) + 2 + Body.Length;
        foreach (var header in Headers)
        {
            length += header.Name.Length + 2 + Encoding.Latin1.GetByteCount(header.Value) + 2;
        }

        var bytes = new byte[length];
        var span = bytes.AsSpan();
        span = span[Encoding.ASCII.GetBytes(statusLine, span)..];
        foreach (var header in Headers)
        {
            span = span[Encoding.ASCII.GetBytes(header.Name, span)..];
            ": "u8.CopyTo(span);
            span = span[2..];
            span = span[Encoding.Latin1.GetBytes(header.Value, span)..];
            "\r\n"u8.CopyTo(span);
            span = span[2..];
        }

        "\r\n"u8.CopyTo(span);
        Body.Span.CopyTo(span[2..]);
        return bytes;
    }
}
