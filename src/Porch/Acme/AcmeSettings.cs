namespace Porch.Acme;

/// <summary>
/// Which CA and how: <c>--acme-ca</c>/<c>acme.ca</c> (a directory URL, or "letsencrypt"/"staging"), the HTTPS root
/// to trust for a private CA, the contact e-mail, and the challenge types in order of preference.
/// </summary>
internal sealed record AcmeSettings
{
    public const string LetsEncrypt = "https://acme-v02.api.letsencrypt.org/directory";
    public const string LetsEncryptStaging = "https://acme-staging-v02.api.letsencrypt.org/directory";

    public Uri Directory { get; init; } = new(LetsEncrypt);

    /// <summary>PEM file of the root that signs the CA's own HTTPS certificate (pebble, step-ca); null = system roots.</summary>
    public string? CaTrust { get; init; }

    public string? Email { get; init; }

    /// <summary>Challenge types to use, in order of preference.</summary>
    public IReadOnlyList<string> Challenges { get; init; } = [AcmeChallenge.Http01, AcmeChallenge.TlsAlpn01];

    /// <summary>The RFC 2136 server, zone and key for DNS-01 (<c>acme.dns</c>); null when not configured.</summary>
    public Porch.Dns.Rfc2136Settings? Dns { get; init; }

    /// <summary>"letsencrypt", "staging" or an https directory URL; null with the reason otherwise.</summary>
    public static Uri? ParseCa(string? value, out string? error)
    {
        error = null;
        switch (value)
        {
            case null or "" or "letsencrypt":
                return new Uri(LetsEncrypt);
            case "staging":
                return new Uri(LetsEncryptStaging);
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps)
        {
            return url;
        }

        error = $"\"{value}\" is not an ACME directory: use an https:// directory URL, \"letsencrypt\" or \"staging\"";
        return null;
    }
}
