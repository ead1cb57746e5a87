namespace Porch.Tunnel.Relay;

/// <summary>One live tunnel, as <c>porch relay status</c> shows it.</summary>
/// <param name="Name">The tunnel's name (its subdomain).</param>
/// <param name="HostName">NAME.DOMAIN.</param>
/// <param name="Url">The public URL.</param>
/// <param name="TokenName">The token it authenticated with (its name, never the secret).</param>
/// <param name="ClientAddress">The <c>porch share</c> client's address and port as the relay sees it.</param>
/// <param name="Transport"><c>h2</c> or <c>websocket</c>.</param>
/// <param name="Target">The app as the client named it.</param>
/// <param name="TcpPort">The public TCP port, if it has one.</param>
/// <param name="ConnectedAt">When this session started.</param>
/// <param name="BytesIn">Bytes from public clients into the tunnel so far.</param>
/// <param name="BytesOut">Bytes from the tunnel out to public clients so far.</param>
/// <param name="OpenStreams">Data streams in use now.</param>
/// <param name="TotalStreams">Data streams used since the session started.</param>
internal sealed record TunnelInfo(
    string Name, string HostName, string Url, string TokenName, string ClientAddress, string Transport, string Target,
    int? TcpPort, DateTimeOffset ConnectedAt, long BytesIn, long BytesOut, int OpenStreams, long TotalStreams);
