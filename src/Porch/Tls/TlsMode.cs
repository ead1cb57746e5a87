namespace Porch.Tls;

/// <summary>Where a site's certificates come from (<c>"tls"</c> in porch.json, <c>--tls</c> on the command line).</summary>
internal enum TlsMode
{
    /// <summary>Plain HTTP.</summary>
    Off,

    /// <summary>Porch's local CA (<see cref="LocalCa"/>): HTTPS on this machine and the local network.</summary>
    Internal,

    /// <summary>PEM files the user provides (<see cref="PemCertificateSource"/>).</summary>
    Files,

    /// <summary>An ACME CA (RFC 8555) for the site's names.</summary>
    Acme,

    /// <summary>ACME for public names, the local CA for the rest.</summary>
    Auto,
}
