namespace Porch.Forwarding;

/// <summary>
/// How forwarding one request ended. Failures are values, not exceptions: each maps to what the client sees
/// (a 502 or 504 page, a cut connection, or nothing because the client already left) and to one log line.
/// </summary>
internal enum ForwarderError
{
    /// <summary>The response (or upgraded stream) went through.</summary>
    None,

    /// <summary>The client went away; the upstream request was cancelled. Nothing to answer, logged at debug only.</summary>
    ClientAborted,

    /// <summary>The request cannot be expressed to the upstream (a target that is no valid URL path): 400.</summary>
    RequestInvalid,

    /// <summary>The client's request body failed (too large, too slow, malformed): answered with Kestrel's status.</summary>
    RequestBodyRejected,

    /// <summary>Nothing listens on the upstream port: the connection was refused. 502.</summary>
    UpstreamRefused,

    /// <summary>The upstream host name does not resolve. 502.</summary>
    UpstreamNameNotResolved,

    /// <summary>The upstream host or network is unreachable, or the connection failed otherwise. 502.</summary>
    UpstreamUnreachable,

    /// <summary>The TLS handshake with an https upstream failed (certificate, protocol). 502.</summary>
    UpstreamTlsFailed,

    /// <summary>The connection was not accepted within the connect timeout. 504.</summary>
    UpstreamConnectTimeout,

    /// <summary>No response headers within <see cref="ForwarderOptions.ResponseTimeout"/> of the last byte sent. 504.</summary>
    UpstreamResponseTimeout,

    /// <summary>The upstream closed or reset the connection before a complete response head. 502.</summary>
    UpstreamClosed,

    /// <summary>The upstream answered something that is not valid HTTP, or headers Porch cannot pass on. 502.</summary>
    UpstreamInvalidResponse,

    /// <summary>The upstream failed after the response had started: the client connection is aborted so the truncation shows.</summary>
    ResponseBodyFailed,

    /// <summary>The upstream refused or garbled a WebSocket (or other protocol) upgrade it was offered. 502.</summary>
    UpgradeFailed,
}
