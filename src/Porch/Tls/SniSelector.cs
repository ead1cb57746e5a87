using System.Net.Security;

namespace Porch.Tls;

/// <summary>
/// Chooses the certificate source for a handshake among the TLS sites sharing one port, from tables built once when
/// the configuration is compiled: the exact name, then a wildcard covering exactly one more label (<c>*.example.com</c>
/// matches <c>a.example.com</c>, not <c>a.b.example.com</c>, as certificates do, RFC 6125 §6.4.3), then the listener's
/// default: the site that named no hosts, else the first TLS site on the port. Connections without SNI (an IP address
/// typed in the browser) get the default.
/// </summary>
internal sealed class SniSelector
{
    private readonly Dictionary<string, ICertificateSource> exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ICertificateSource> wildcards = new(StringComparer.OrdinalIgnoreCase);
    private ICertificateSource? hostless;
    private ICertificateSource? first;

    /// <summary>Every source this selector can answer with.</summary>
    public IEnumerable<ICertificateSource> Sources => exact.Values.Concat(wildcards.Values).Append(hostless).Append(first).OfType<ICertificateSource>();

    /// <summary>Adds a site's names; the first site to claim a name keeps it (the compiler refuses duplicates anyway).</summary>
    public void Add(IReadOnlyList<string> hosts, ICertificateSource source)
    {
        first ??= source;
        if (hosts.Count == 0)
        {
            hostless ??= source;
            return;
        }

        foreach (var host in hosts)
        {
            var name = host.TrimEnd('.');
            if (name.StartsWith("*.", StringComparison.Ordinal))
            {
                wildcards.TryAdd(name[2..], source);
            }
            else
            {
                exact.TryAdd(name, source);
            }
        }
    }

    public ICertificateSource? Select(string? serverName)
    {
        if (!string.IsNullOrEmpty(serverName))
        {
            if (exact.TryGetValue(serverName, out var source))
            {
                return source;
            }

            var dot = serverName.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && wildcards.TryGetValue(serverName[(dot + 1)..], out source))
            {
                return source;
            }
        }

        return hostless ?? first;
    }

    /// <summary>The certificate for <paramref name="serverName"/> from the source chosen for it.</summary>
    public SslStreamCertificateContext? Find(string? serverName) => Select(serverName)?.Find(serverName);
}
