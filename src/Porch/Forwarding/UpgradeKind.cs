namespace Porch.Forwarding;

/// <summary>How the client asked to leave HTTP for another protocol on this request, if it did.</summary>
internal enum UpgradeKind
{
    /// <summary>An ordinary request.</summary>
    None,

    /// <summary>HTTP/1.1 <c>Connection: Upgrade</c> with an <c>Upgrade</c> header (RFC 9110 §7.8), e.g. a WebSocket handshake.</summary>
    Http11,

    /// <summary>HTTP/2 extended CONNECT with a <c>:protocol</c> (RFC 8441), WebSockets over an HTTP/2 stream.</summary>
    ExtendedConnect,
}
