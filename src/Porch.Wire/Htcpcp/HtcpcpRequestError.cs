namespace Porch.Wire.Htcpcp;

/// <summary>Why a request head was rejected. Every value maps to 400 Bad Request except <see cref="BodyTooLarge"/> (413).</summary>
internal enum HtcpcpRequestError
{
    None,

    /// <summary>The request line is not <c>METHOD SP target SP version</c> (RFC 9112 §3).</summary>
    BadRequestLine,

    /// <summary>The version is not <c>HTCPCP/1.x</c> or <c>HTTP/1.x</c>.</summary>
    BadVersion,

    /// <summary>A header line is not <c>name ":" OWS value OWS</c>, or uses obsolete line folding (RFC 9112 §5).</summary>
    BadHeader,

    /// <summary>A CR not followed by LF: the line ending is broken (RFC 9112 §2.2).</summary>
    BareCarriageReturn,

    /// <summary>The head did not end within <see cref="HtcpcpLimits.MaxHeadBytes"/>.</summary>
    HeadTooLarge,

    TooManyHeaders,

    /// <summary>Content-Length is not a number, or appears twice with different values (RFC 9110 §8.6).</summary>
    BadContentLength,

    /// <summary>Transfer codings (chunked) are not part of HTCPCP; a body is framed by Content-Length or by what arrives.</summary>
    TransferEncoding,

    /// <summary>The first bytes are a TLS ClientHello: an https:// client talking to the plain-text pot.</summary>
    TlsHandshake,

    BodyTooLarge,
}
