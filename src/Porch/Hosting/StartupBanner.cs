using System.Net;
using System.Net.Sockets;
using Porch.Net;

namespace Porch.Hosting;

/// <summary>
/// What a person needs right after start (scenario 1): every URL that works, and who can open each one.
/// Built from the addresses Kestrel really bound, never from what was asked for.
/// </summary>
internal static class StartupBanner
{
    public sealed record Line(string Url, AddressClass Class, string Note);

    public static IReadOnlyList<Line> Lines(
        IEnumerable<string> boundUrls, IReadOnlyList<(string Interface, IPAddress Address)> interfaces, string hostName, Func<string, bool> resolves)
    {
        var lines = new List<Line>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bound in boundUrls)
        {
            if (!Uri.TryCreate(bound, UriKind.Absolute, out var uri))
            {
                continue;
            }

            // Kestrel reports a "localhost" binding by name; it covers 127.0.0.1 and, where the OS has IPv6, ::1.
            var byName = uri.IsLoopback && !IPAddress.TryParse(uri.Host.Trim('[', ']'), out _);
            var ip = byName ? IPAddress.Loopback : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
            if (ip is null)
            {
                continue;
            }

            var port = uri.Port;
            // Kestrel reports a listener with TLS as https; every URL of it is then an https:// one.
            var scheme = uri.Scheme == Uri.UriSchemeHttps ? Uri.UriSchemeHttps : Uri.UriSchemeHttp;
            List<(string, IPAddress)> addresses = IsAny(ip) ? [.. interfaces.Where(i => Matches(i.Address, ip))]
                : byName && Socket.OSSupportsIPv6 ? [("", IPAddress.Loopback), ("", IPAddress.IPv6Loopback)]
                : [("", ip)];
            if (IsAny(ip) || IPAddress.IsLoopback(ip))
            {
                Add(lines, seen, $"{scheme}://localhost:{port}", AddressClass.Loopback, "");
            }

            foreach (var (nic, address) in addresses)
            {
                var cls = AddressClassifier.Classify(address);
                if (cls == AddressClass.Unusable)
                {
                    continue;
                }

                var note = cls == AddressClass.LinkLocal && nic.Length > 0 ? $" via {nic}" : "";
                Add(lines, seen, $"{scheme}://{Format(address, nic)}:{port}", cls, note);
            }

            if (IsAny(ip) && !string.IsNullOrEmpty(hostName))
            {
                var local = $"{hostName}.local";
                if (resolves(local))
                {
                    Add(lines, seen, $"{scheme}://{local}:{port}", AddressClass.Private, "");
                }
            }
        }

        return lines;
    }

    /// <summary>Prints the URLs; when a site's HTTPS uses the local CA, <c>localCa</c> names its root file and the banner says how to trust it.</summary>
    public static void Print(TextWriter output, IReadOnlyList<Line> lines, bool lan, Configuration.PorchConfig? config = null, string? localCa = null)
    {
        output.WriteLine("Porch is serving at:");
        var width = lines.Count == 0 ? 0 : lines.Max(l => l.Url.Length);
        foreach (var line in lines)
        {
            output.WriteLine($"  {line.Url.PadRight(width)}  {AddressClassifier.Audience(line.Class)}{line.Note}");
        }

        if (config is not null)
        {
            PrintRoutes(output, config);
        }

        if (localCa is not null)
        {
            output.WriteLine($"HTTPS certificates come from Porch's local CA ({localCa}). Trust it once:");
            output.WriteLine("  porch ca trust                    this system (curl, wget, ...)");
            output.WriteLine("  porch ca export > porch-root.crt  for browsers, phones and curl --cacert porch-root.crt");
        }

        if (!lan)
        {
            output.WriteLine("Only this machine can connect. Add --lan to share with your network.");
        }
        else if (config is not null)
        {
            foreach (var line in Access.AccessSummary.Lines(config))
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>What each site serves, so a person sees at once which folder or app is behind the URLs.</summary>
    private static void PrintRoutes(TextWriter output, Configuration.PorchConfig config)
    {
        foreach (var site in config.Sites)
        {
            var hosts = site.Hosts.Count == 0 ? "" : $" for {string.Join(", ", site.Hosts)}";
            var prefix = config.Sites.Count > 1 ? $"  {site.Name ?? "site"}{hosts}:" : null;
            if (prefix is not null)
            {
                output.WriteLine(prefix);
            }

            foreach (var route in site.Routes)
            {
                var target = route.Root is not null ? $"files in {route.Root}"
                    : Configuration.UpstreamAddress.TryParse(route.Upstream, out var upstream, out _) ? $"the app at {upstream}"
                    : $"the app at {route.Upstream}";
                output.WriteLine($"{(prefix is null ? "  " : "    ")}{route.Path} → {target}");
            }
        }
    }

    /// <summary>Whether NAME.local resolves here (mDNS through avahi/nss-mdns), asked with a short bound.</summary>
    public static bool Resolves(string name)
    {
        try
        {
            var lookup = System.Net.Dns.GetHostAddressesAsync(name);
            return lookup.Wait(TimeSpan.FromSeconds(1)) && lookup.Result.Length > 0;
        }
        catch (AggregateException)
        {
            return false;
        }
    }

    private static void Add(List<Line> lines, HashSet<string> seen, string url, AddressClass cls, string note)
    {
        if (seen.Add(url))
        {
            lines.Add(new Line(url, cls, note));
        }
    }

    private static bool IsAny(IPAddress ip) => ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any);

    // A dual-mode [::] socket accepts IPv4 too; a 0.0.0.0 socket only IPv4.
    private static bool Matches(IPAddress candidate, IPAddress any) =>
        any.Equals(IPAddress.IPv6Any) || candidate.AddressFamily == AddressFamily.InterNetwork;

    private static string Format(IPAddress address, string nic)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        // RFC 6874: a zone in a URL is written %25 followed by the zone id.
        var text = new IPAddress(address.GetAddressBytes()).ToString();
        return address.IsIPv6LinkLocal && nic.Length > 0 ? $"[{text}%25{nic}]" : $"[{text}]";
    }
}
