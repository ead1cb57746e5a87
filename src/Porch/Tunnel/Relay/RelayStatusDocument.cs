namespace Porch.Tunnel.Relay;

/// <summary>
/// <c>GET /status.json</c> of the status page: the relay's domain, its clock (so "connected for" is measured on one
/// clock), and its live tunnels.
/// </summary>
internal sealed record RelayStatusDocument(string Domain, DateTimeOffset Now, IReadOnlyList<TunnelInfo> Tunnels);
