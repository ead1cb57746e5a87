namespace Porch.Wire.Htcpcp;

/// <summary>A parsed request line and header section (RFC 9112 §2.1), and how the body that follows is framed.</summary>
internal sealed class HtcpcpRequestHead
{
    public required string Method { get; init; }

    /// <summary>The request-target as sent: a <c>coffee:</c> URI (any of RFC 2324 §3's schemes) or a path.</summary>
    public required string Target { get; init; }

    /// <summary>The protocol name as sent, <c>HTCPCP</c> or <c>HTTP</c> (clients in the wild send both).</summary>
    public required string Protocol { get; init; }

    public required int MinorVersion { get; init; }

    public required IReadOnlyList<HtcpcpHeader> Headers { get; init; }

    /// <summary>Bytes from the start of the input to the end of the blank line that ends the head.</summary>
    public required int HeadLength { get; init; }

    /// <summary>The Content-Length field, or null when the client sent none.</summary>
    public long? ContentLength { get; init; }

    /// <summary>The first value of a header field; names are case-insensitive (RFC 9110 §5.1).</summary>
    public string? this[string name]
    {
        get
        {
            foreach (var header in Headers)
            {
                if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return header.Value;
                }
            }

            return null;
        }
    }

    /// <summary>
    /// How many body bytes belong to this request, given <paramref name="available"/> bytes received after the head.
    /// With Content-Length the body is exactly that long (null until all of it arrived). Without it, the body is the
    /// bytes that came with the request: clients in the wild send <c>start</c> with no Content-Length and keep their
    /// side open, so waiting for more (or for the close) would hang them.
    /// </summary>
    public int? BodyLength(int available) => ContentLength switch
    {
        null => available,
        { } length when available >= length => (int)length,
        _ => null,
    };
}
