namespace Porch.Configuration;

/// <summary>Rules about a site's host names: well-formed, and each claimed by one site per port.</summary>
internal static class SiteRules
{
    public static void CheckHosts(SiteConfig site, string at, List<ConfigError> errors)
    {
        for (var k = 0; k < site.Hosts.Count; k++)
        {
            var host = site.Hosts[k];
            var name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (name.Length == 0 || Uri.CheckHostName(name.TrimEnd('.')) == UriHostNameType.Unknown || name.Contains('*', StringComparison.Ordinal))
            {
                errors.Add(new ConfigError($"{at}.hosts[{k}]",
                    $"\"{host}\" is not a host name; use a name like \"blog.example.com\" or a wildcard like \"*.example.com\""));
            }
        }
    }

    /// <summary>Two sites on one port may not claim the same host, nor may both claim every host (no hosts).</summary>
    public static void CheckHostsUniqueOnPort(
        SiteConfig site, string name, string at, int port, Dictionary<int, Dictionary<string, string>> hostsByPort, List<ConfigError> errors)
    {
        if (!hostsByPort.TryGetValue(port, out var claimed))
        {
            hostsByPort[port] = claimed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        }

        IEnumerable<string> keys = site.Hosts.Count == 0 ? ["(any host)"] : site.Hosts;
        foreach (var host in keys)
        {
            if (claimed.TryGetValue(host, out var other) && other != name)
            {
                errors.Add(new ConfigError($"{at}.hosts",
                    $"{host} on port {port} is already served by site \"{other}\"; give each site its own host names"));
            }
            else
            {
                claimed[host] = name;
            }
        }
    }
}
