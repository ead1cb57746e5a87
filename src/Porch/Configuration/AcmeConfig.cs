namespace Porch.Configuration;

/// <summary>
/// The top-level <c>acme</c> object of porch.json (and the --acme-* flags): which CA, how to trust it, who to
/// contact, and which challenge to answer. Used by sites with <c>"tls": "acme"</c> or <c>"auto"</c>.
/// </summary>
internal sealed record AcmeConfig
{
    /// <summary>ACME directory URL, or "letsencrypt" (default) or "staging".</summary>
    public string? Ca { get; init; }

    /// <summary>PEM file of the root that signs a private CA's HTTPS certificate (e.g. pebble's).</summary>
    public string? CaTrust { get; init; }

    public string? Email { get; init; }

    /// <summary>"http-01", "tls-alpn-01" or "dns-01"; default: HTTP-01, then TLS-ALPN-01.</summary>
    public string? Challenge { get; init; }

    /// <summary>Where DNS-01 records are published (RFC 2136 dynamic update with TSIG); required for dns-01.</summary>
    public DnsProviderConfig? Dns { get; init; }
}
