namespace Porch.Tunnel;

/// <summary>The peer broke the tunnel protocol (<see cref="Wire.Tunnel.TunnelProtocol"/>); the message says how.</summary>
internal sealed class TunnelProtocolException(string message) : Exception(message);
