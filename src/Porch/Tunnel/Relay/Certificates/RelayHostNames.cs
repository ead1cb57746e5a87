namespace Porch.Tunnel.Relay.Certificates;

/// <summary>Which names the relay shows a certificate for: its own domain, and NAME.DOMAIN while that tunnel is up.</summary>
internal static class RelayHostNames
{
    /// <summary>
    /// The SNI name as the directory compares names, in lower case (DNS names compare without case, RFC 4343); null
    /// without SNI, since a bare address names no tunnel.
    /// </summary>
    public static string? Normalize(string? serverName) => string.IsNullOrEmpty(serverName) ? null : serverName.ToLowerInvariant();

    /// <summary>Whether <paramref name="name"/> (normalized) may get a certificate now.</summary>
    public static bool IsServed(ITunnelDirectory directory, string name) =>
        string.Equals(name, directory.Domain, StringComparison.OrdinalIgnoreCase) || directory.IsLive(name);
}
