namespace Porch.Tunnel.Relay;

/// <summary>
/// Names a client asked for (<c>--name</c>) belong to the token that first used them, across restarts, so nobody else
/// can take a name whose tunnel is down for a moment. Random names are never reserved: the client gets a new one each
/// time it connects, so keeping them would only grow the file. Implemented over the relay's state folder
/// (<c>relay/names.json</c>).
/// </summary>
internal interface INameReservations
{
    /// <summary>
    /// Reserves <paramref name="name"/> for <paramref name="tokenName"/> (kept if it already is); false with the
    /// owner's token name in <paramref name="owner"/> when another token holds it.
    /// </summary>
    bool TryReserve(string name, string tokenName, out string? owner);

    /// <summary>Whether <paramref name="name"/> is free for <paramref name="tokenName"/> (unreserved or its own), without reserving it.</summary>
    bool IsFree(string name, string tokenName);

    /// <summary>Drops every reservation of a token (when it is revoked), so its names are free again.</summary>
    void ReleaseToken(string tokenName);
}
