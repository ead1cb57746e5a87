namespace Porch.Tunnel.Relay;

/// <summary>The JSON shape of <c>relay/tokens.json</c>.</summary>
internal sealed record TokenStoreDocument(int Version, IReadOnlyList<TokenStoreEntry> Tokens);
