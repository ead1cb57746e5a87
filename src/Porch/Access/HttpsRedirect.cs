namespace Porch.Access;

/// <summary>
/// Finds, for each plain-HTTP site, an HTTPS listener that answers the same host names (a TLS site naming one of its
/// hosts, or naming none and so answering every host), so a client that must give a password is sent there instead of
/// being asked for it in the clear.
/// </summary>
internal static class HttpsRedirect
{
    public sealed record Site(AccessPolicy Access, IReadOnlyList<string> Hosts, bool Tls, IReadOnlyList<int> Ports);

    public static void Assign(IReadOnlyList<Site> sites)
    {
        var secure = sites.Where(s => s.Tls && s.Ports.Any(p => p != 0)).ToList();
        foreach (var site in sites.Where(s => !s.Tls && s.Access != AccessPolicy.Default))
        {
            var target = secure.FirstOrDefault(t => t.Hosts.Count == 0 || (site.Hosts.Count > 0 &&
                site.Hosts.Any(h => t.Hosts.Contains(h, StringComparer.OrdinalIgnoreCase))));
            // 443 first: the URL then needs no port.
            site.Access.HttpsPort = target?.Ports.Where(p => p != 0).OrderBy(p => p == 443 ? 0 : 1).First();
        }
    }
}
