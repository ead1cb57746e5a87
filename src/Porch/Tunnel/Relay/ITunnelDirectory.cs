namespace Porch.Tunnel.Relay;

/// <summary>
/// The relay's live tunnels as the rest of the relay sees them: certificates ask whether a name is live, the status
/// page lists them, token revocation closes them. Implemented by the relay core (<c>TunnelRegistry</c>).
/// </summary>
internal interface ITunnelDirectory
{
    /// <summary>The relay's domain (<c>localhost</c>, <c>tunnel.example.com</c>); tunnels are NAME.DOMAIN.</summary>
    string Domain { get; }

    /// <summary>Whether <paramref name="hostName"/> (lower case, no port) is the domain itself or NAME.DOMAIN of a tunnel connected now.</summary>
    bool IsLive(string hostName);

    /// <summary>The tunnels connected now, for status pages.</summary>
    IReadOnlyList<TunnelInfo> Snapshot();

    /// <summary>Closes every live tunnel of <paramref name="tokenName"/> at once (open streams too); returns how many.</summary>
    int CloseToken(string tokenName, string reason);

    /// <summary>Raised with NAME.DOMAIN when a tunnel comes up (before its welcome is sent), e.g. to get its certificate.</summary>
    event Action<string>? TunnelOnline;

    /// <summary>Raised with NAME.DOMAIN when a tunnel's last session ends.</summary>
    event Action<string>? TunnelOffline;
}
