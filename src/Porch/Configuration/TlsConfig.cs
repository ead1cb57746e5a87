namespace Porch.Configuration;

/// <summary>
/// A site's HTTPS: in porch.json the mode as a string (<c>"tls": "internal"</c>) or an object
/// (<c>{ "mode": "files", "cert": "fullchain.pem", "key": "privkey.pem" }</c>).
/// Modes: off, internal (Porch's own CA), files (PEM files), acme, auto (ACME for public names).
/// </summary>
internal sealed record TlsConfig
{
    public const string Off = "off";

    public string Mode { get; init; } = Off;

    public string? Cert { get; init; }

    public string? Key { get; init; }
}
