namespace Porch.Tunnel.Relay;

/// <summary>One token as the relay keeps it: its name, the SHA-256 of its secret (lower-case hex), when it was made.</summary>
internal sealed record TokenStoreEntry(string Name, string Sha256, DateTimeOffset Created);
