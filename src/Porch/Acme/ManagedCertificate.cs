using System.Net.Security;
using Porch.Tls;

namespace Porch.Acme;

/// <summary>
/// One ACME certificate (one or several names) as the TLS layer sees it: <see cref="Find"/> answers with the current
/// certificate, and a renewal swaps in the new one atomically, so new handshakes get it while connections already
/// open keep theirs (no restart, no dropped connection).
/// </summary>
internal sealed class ManagedCertificate(string name, IReadOnlyList<string> names) : ICertificateSource
{
    private SslStreamCertificateContext? context;
    private StoredCertificate? current;

    /// <summary>The storage name: certificates/NAME/.</summary>
    public string Name { get; } = name;

    public IReadOnlyList<string> Names { get; } = names;

    public StoredCertificate? Current => Volatile.Read(ref current);

    /// <summary>Renewal bookkeeping, touched only by the renewal loop.</summary>
    internal RenewalState Renewal { get; } = new();

    public SslStreamCertificateContext? Find(string? serverName) => Volatile.Read(ref context);

    public void Swap(StoredCertificate certificate)
    {
        var intermediates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        intermediates.AddRange(certificate.Chain.Skip(1).ToArray());
        // offline: the chain is complete in fullchain.pem; nothing is fetched at handshake time.
        var next = SslStreamCertificateContext.Create(certificate.Leaf, intermediates, offline: true);
        Volatile.Write(ref context, next);
        Volatile.Write(ref current, certificate);
    }
}
