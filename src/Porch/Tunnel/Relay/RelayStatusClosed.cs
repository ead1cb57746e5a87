namespace Porch.Tunnel.Relay;

/// <summary>The answer to <c>POST /tokens/NAME/close</c>: how many live tunnels of that token were closed.</summary>
internal sealed record RelayStatusClosed(string Token, int Closed);
