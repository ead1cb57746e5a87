using System.Security.Cryptography;

namespace Porch.Acme;

/// <summary>An order that was started but whose certificate is not stored yet, and the key its CSR uses.</summary>
internal sealed record OrderInFlight(Uri Url, IReadOnlyList<string> Names, ECDsa CertificateKey);
