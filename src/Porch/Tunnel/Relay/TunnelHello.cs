using Porch.Access;

namespace Porch.Tunnel.Relay;

/// <summary>A client's hello once checked: the name it gets, how to reach its app, and its compiled access policy.</summary>
/// <param name="Name">The name asked for, or a random one.</param>
/// <param name="Random">Whether the relay picked the name (so another can be picked if it is taken).</param>
/// <param name="Scheme"><c>http</c> or <c>h2c</c>.</param>
/// <param name="BasePath">"" or "/app".</param>
/// <param name="Target">The app as the client named it.</param>
/// <param name="Policy">Who may use the tunnel's public address; every visitor is remote.</param>
internal sealed record TunnelHello(string Name, bool Random, string Scheme, string BasePath, string Target, AccessPolicy Policy)
{
    /// <summary>Whether the client also wants a public TCP port.</summary>
    public bool Tcp { get; init; }
}
