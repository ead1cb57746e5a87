using System.Text.Json.Serialization;

namespace Porch.Wire.Tunnel;

/// <summary>
/// One line on a tunnel stream: a JSON object with a <c>type</c>, then '\n'. The control stream carries them for its
/// whole life; a data stream carries exactly two (<see cref="StreamOpenMessage"/> down, <see cref="StreamReadyMessage"/>
/// or <see cref="StreamFailedMessage"/> up) before its raw bytes.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(HelloMessage), "hello")]
[JsonDerivedType(typeof(WelcomeMessage), "welcome")]
[JsonDerivedType(typeof(StreamsMessage), "streams")]
[JsonDerivedType(typeof(ClosingMessage), "closing")]
[JsonDerivedType(typeof(ErrorMessage), "error")]
[JsonDerivedType(typeof(StreamOpenMessage), "open")]
[JsonDerivedType(typeof(StreamReadyMessage), "ready")]
[JsonDerivedType(typeof(StreamFailedMessage), "failed")]
internal abstract record TunnelMessage;

/// <summary>
/// Client → relay, first on the control stream (the token is in its <c>Authorization: Bearer</c> header).
/// </summary>
/// <param name="Version">The client's <see cref="TunnelProtocol.Version"/>.</param>
/// <param name="Name">The subdomain asked for (a DNS label), or null for a random one.</param>
/// <param name="Tcp">Whether the client also wants a public TCP port (raw bytes, no HTTP).</param>
/// <param name="Scheme"><c>http</c> (HTTP/1.1) or <c>h2c</c> (HTTP/2 by prior knowledge): how the relay speaks to the app through a stream.</param>
/// <param name="BasePath">The app's base path ("" or "/app"), prefixed to every forwarded target.</param>
/// <param name="Target">The app as the user named it, for pages and the status list: <c>http://127.0.0.1:8000</c>.</param>
/// <param name="Access">Who may use the tunnel's public address; null: the relay's default for tunnels (deny).</param>
internal sealed record HelloMessage(
    int Version, string? Name, bool Tcp, string Scheme, string BasePath, string Target, TunnelAccess? Access) : TunnelMessage;

/// <summary>
/// The share side's access rules, in porch.json's own terms (<c>access</c> object), applied by the relay to every
/// public request of the tunnel. Passwords travel only as hashes (<c>USER:HASH</c> lines as <c>porch passwd</c> prints).
/// </summary>
internal sealed record TunnelAccess(
    string? Remote, IReadOnlyList<string> Users, IReadOnlyList<string> Allow, IReadOnlyList<string> Deny,
    int? RateLimitRequests, double? RateLimitPerSeconds);

/// <summary>Relay → client, first on the control stream once the tunnel is up.</summary>
/// <param name="Name">The name the tunnel got.</param>
/// <param name="Url">The public HTTPS (or HTTP) address: <c>https://NAME.DOMAIN:PORT</c>, port left out when default.</param>
/// <param name="TcpPort">The public TCP port, when asked for and granted.</param>
/// <param name="Session">Random id the client's stream requests carry in <see cref="TunnelProtocol.SessionHeader"/>.</param>
/// <param name="ParkedStreams">How many stream requests the client keeps parked.</param>
/// <param name="MaxStreams">The relay's cap on concurrent streams of this tunnel.</param>
internal sealed record WelcomeMessage(string Name, string Url, int? TcpPort, string Session, int ParkedStreams, int MaxStreams) : TunnelMessage;

/// <summary>Relay → client: park this many more stream requests now (public connections are waiting).</summary>
internal sealed record StreamsMessage(int Count) : TunnelMessage;

/// <summary>Relay → client, last on the control stream: why the tunnel ends. <see cref="ClosingReason"/> says whether to reconnect.</summary>
internal sealed record ClosingMessage(string Reason, string Detail) : TunnelMessage;

/// <summary>Relay → client instead of a welcome, with a 4xx/5xx status: <see cref="TunnelErrorCode"/> and one line for the user.</summary>
internal sealed record ErrorMessage(string Code, string Detail) : TunnelMessage;

/// <summary>
/// Relay → client, first on a data stream it answered: what this stream carries and for whom.
/// </summary>
/// <param name="Kind"><c>http</c> (the relay's forwarder speaks <see cref="HelloMessage.Scheme"/>) or <c>tcp</c> (raw bytes of a public TCP connection).</param>
/// <param name="ClientAddress">The public client's real address (what the relay decided), for PROXY headers and logs.</param>
/// <param name="ClientPort">The public client's port.</param>
/// <param name="RelayAddress">The relay address the client connected to.</param>
/// <param name="RelayPort">The relay port the client connected to.</param>
internal sealed record StreamOpenMessage(string Kind, string ClientAddress, int ClientPort, string RelayAddress, int RelayPort) : TunnelMessage;

/// <summary>Client → relay on a data stream: the app accepted the connection; raw bytes follow.</summary>
internal sealed record StreamReadyMessage : TunnelMessage;

/// <summary>Client → relay on a data stream: the app could not be reached (the relay answers 502 with this detail).</summary>
internal sealed record StreamFailedMessage(string Detail) : TunnelMessage;
