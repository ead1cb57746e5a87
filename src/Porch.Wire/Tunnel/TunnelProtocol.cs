namespace Porch.Wire.Tunnel;

/// <summary>
/// The tunnel's wire contract, shared by <c>porch relay</c> and <c>porch share</c>: where the client connects, the
/// headers it sends, and the limits both sides enforce. One place, so the two halves cannot drift apart.
/// <code>
///   porch share ──TLS, one HTTP/2 connection──▶ porch relay :443
///     stream 1:  POST /.porch/tunnel/v1/control   hello ─▶ ◀─ welcome, streams, closing   (lives as long as the tunnel)
///     stream 3+: POST /.porch/tunnel/v1/stream    parked until the relay needs one; then
///                ◀─ 200 + open line, ready line ─▶, then raw bytes both ways (one public connection)
/// </code>
/// The client keeps a few stream requests parked (sent, unanswered). When a public connection needs the app, the
/// relay answers one of them: that answer is the stream. HTTP/2 multiplexes and flow-controls them, so there is no
/// framing of Porch's own below the message lines. Where HTTP/2 is stripped, each of those requests is a WebSocket
/// over HTTP/1.1 at the same path instead (binary messages carry the same bytes).
/// </summary>
internal static class TunnelProtocol
{
    /// <summary>Bumped when a change would break an older peer; the relay refuses versions it does not speak.</summary>
    public const int Version = 1;

    /// <summary>The control stream: the client's hello in its body, the relay's messages in the response body.</summary>
    public const string ControlPath = "/.porch/tunnel/v1/control";

    /// <summary>A parked data stream (one public connection once the relay answers it).</summary>
    public const string StreamPath = "/.porch/tunnel/v1/stream";

    /// <summary>Every tunnel path starts with this; public requests for it on a tunnel's own name go to the app.</summary>
    public const string PathPrefix = "/.porch/tunnel/";

    /// <summary>On stream requests: the session id from <see cref="WelcomeMessage.Session"/> (the token is on the control stream only).</summary>
    public const string SessionHeader = "Porch-Tunnel-Session";

    /// <summary>Longest message line either side accepts, newline included.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    /// <summary>How long the relay waits for the hello after the control request's headers.</summary>
    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long the relay waits for a client's ready line after opening a stream.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(10);

    /// <summary>HTTP/2 PING interval on the tunnel connection (both sides): how network loss is noticed.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    /// <summary>A PING unanswered this long ends the tunnel connection.</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// HTTP/2 receive window of each tunnel stream, both ways (relay and client, RFC 9113 §6.9.2): 1 MiB in flight
    /// per stream keeps a bulk transfer going over a link with a long round trip; it is also what one stream whose
    /// reader stalls can leave buffered at the receiver.
    /// </summary>
    public const int StreamWindow = 1024 * 1024;

    /// <summary>The relay's HTTP/2 receive window for a whole connection: what all of a tunnel's streams share.</summary>
    public const int RelayConnectionWindow = 4 * 1024 * 1024;

    /// <summary>Streams the client keeps parked when the welcome names no other number.</summary>
    public const int DefaultParkedStreams = 8;

    /// <summary>Concurrent streams per tunnel when the relay is not told otherwise.</summary>
    public const int DefaultMaxStreams = 1024;

    /// <summary>Tunnels one token may hold at once when the relay is not told otherwise.</summary>
    public const int DefaultTunnelsPerToken = 5;

    /// <summary>A data stream with no bytes either way for this long is closed.</summary>
    public static readonly TimeSpan DefaultStreamIdleTimeout = TimeSpan.FromMinutes(10);
}
