namespace Porch.Tunnel.Relay;

/// <summary>
/// One loaded copy of the token file, swapped whole on reload so <see cref="TokenStore.Verify"/> never sees half a
/// reload. <see cref="Bytes"/> is what was read, to tell a real change from a touch.
/// </summary>
internal sealed class TokenStoreSnapshot
{
    public TokenStoreSnapshot(IReadOnlyList<TokenStoreEntry> entries, byte[]? bytes)
    {
        Entries = entries;
        Bytes = bytes;
        Hashes = [.. entries.Select(e => (e.Name, Convert.FromHexString(e.Sha256)))];
    }

    public IReadOnlyList<TokenStoreEntry> Entries { get; }

    public byte[]? Bytes { get; }

    public (string Name, byte[] Hash)[] Hashes { get; }

    /// <summary>Names whose secret no longer works in <paramref name="next"/>: removed, or removed and added again with a new secret.</summary>
    public IEnumerable<string> RevokedIn(TokenStoreSnapshot next) =>
        Entries.Where(old => !next.Entries.Any(n => n.Name == old.Name && n.Sha256 == old.Sha256)).Select(old => old.Name);
}
