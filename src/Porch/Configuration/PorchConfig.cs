namespace Porch.Configuration;

/// <summary>
/// The whole configuration as the user wrote it (porch.json, or built in memory by a one-line verb).
/// Pure data: strings stay strings here; <see cref="ConfigCompiler"/> turns them into typed, checked values.
/// </summary>
internal sealed record PorchConfig
{
    public IReadOnlyList<SiteConfig> Sites { get; init; } = [];

    public AccessLogConfig AccessLog { get; init; } = new();

    public LimitsConfig Limits { get; init; } = new();

    /// <summary>How ACME certificates are obtained; null = Let's Encrypt, HTTP-01 then TLS-ALPN-01.</summary>
    public AcmeConfig? Acme { get; init; }
}
