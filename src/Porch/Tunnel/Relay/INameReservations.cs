namespace Porch.Tunnel.Relay;

/// <summary>
/// Names belong to the token that first used them, across restarts, so nobody else can take a name whose tunnel is
/// down for a moment. Implemented over the relay's state folder (<c>relay/names.json</c>).
/// </summary>
internal interface INameReservations
{
    /// <summary>
    /// Reserves <paramref name="name"/> for <paramref name="tokenName"/> (kept if it already is); false with the
    /// owner's token name in <paramref name="owner"/> when another token holds it.
    /// </summary>
    bool TryReserve(string name, string tokenName, out string? owner);

    /// <summary>Drops every reservation of a token (when it is revoked), so its names are free again.</summary>
    void ReleaseToken(string tokenName);
}
