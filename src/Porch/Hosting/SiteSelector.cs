namespace Porch.Hosting;

/// <summary>
/// Picks the site for a Host header among the sites sharing one port, from tables built once:
/// exact name, then the longest wildcard suffix (<c>*.example.com</c>), then the site that named no hosts.
/// </summary>
internal sealed class SiteSelector
{
    private readonly Dictionary<string, CompiledSite> exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(string Suffix, CompiledSite Site)> wildcards = [];
    private CompiledSite? fallback;

    public void Add(CompiledSite site, IReadOnlyList<string> hosts)
    {
        if (hosts.Count == 0)
        {
            fallback = site;
            return;
        }

        foreach (var host in hosts)
        {
            if (host.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.Add((host[1..], site));
                wildcards.Sort((a, b) => b.Suffix.Length.CompareTo(a.Suffix.Length));
            }
            else
            {
                exact[host.TrimEnd('.')] = site;
            }
        }
    }

    public CompiledSite? Select(string host)
    {
        host = host.TrimEnd('.');
        if (exact.TryGetValue(host, out var site))
        {
            return site;
        }

        foreach (var (suffix, wildcardSite) in wildcards)
        {
            if (host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return wildcardSite;
            }
        }

        return fallback;
    }
}
