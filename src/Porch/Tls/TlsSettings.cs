namespace Porch.Tls;

/// <summary>A site's checked TLS configuration: the mode, and for <see cref="TlsMode.Files"/> the full paths of the PEM files.</summary>
internal sealed record TlsSettings(TlsMode Mode, string? CertPath = null, string? KeyPath = null);
