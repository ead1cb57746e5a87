using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Porch.Storage;

namespace Porch.Tls;

/// <summary>
/// Porch's own certificate authority for HTTPS on this machine and the local network (<c>"tls": "internal"</c>):
/// an ECDSA P-256 root made once in the state folder, which a person trusts once (<c>porch ca trust</c>), and
/// short-lived leaf certificates it signs on demand for each name or address clients ask for.
/// <para>The root is never replaced silently: a key that cannot be read is an error naming the file, because a new
/// root would break every browser and device that trusted the old one.</para>
/// </summary>
internal sealed class LocalCa : IDisposable
{
    /// <summary>Long enough that nobody meets its end on a hobby server; the leaves are what stays short.</summary>
    public static readonly TimeSpan RootLifetime = TimeSpan.FromDays(10 * 365);

    /// <summary>Leaves are re-issued often, so a copied leaf key is useful for days, not years.</summary>
    public static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(7);

    /// <summary>Tolerates clients whose clock is a little behind.</summary>
    private static readonly TimeSpan Backdate = TimeSpan.FromHours(1);

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1", "Server Authentication");

    private LocalCa(X509Certificate2 root, string certificatePath)
    {
        Root = root;
        CertificatePath = certificatePath;
    }

    /// <summary>The root certificate, with its private key.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>Where the root certificate is stored, as PEM, for people and scripts.</summary>
    public string CertificatePath { get; }

    public string RootPem => Root.ExportCertificatePem();

    public static string Folder(string stateDirectory) => Path.Combine(stateDirectory, "ca");

    /// <summary>Loads the root from <c>STATE/ca</c>, creating it there the first time.</summary>
    /// <exception cref="LocalCaException">The stored root is unreadable, half there, or does not match its key.</exception>
    public static LocalCa LoadOrCreate(string stateDirectory, TimeProvider time)
    {
        var folder = Folder(stateDirectory);
        var certPath = Path.Combine(folder, "root.crt");
        var keyPath = Path.Combine(folder, "root.key");
        var hasCert = File.Exists(certPath);
        var hasKey = File.Exists(keyPath);
        if (!hasCert && !hasKey)
        {
            return new LocalCa(Create(certPath, keyPath, time), certPath);
        }

        if (hasCert != hasKey)
        {
            var missing = hasCert ? keyPath : certPath;
            throw new LocalCaException(
                $"the local CA is half there: {missing} is missing. Restore it from a backup; or, to start a new CA " +
                $"(which every device must trust again), move the folder {folder} away.");
        }

        return new LocalCa(Load(certPath, keyPath, folder), certPath);
    }

    /// <summary>Signs a leaf for DNS names and IP addresses, valid from a little before <paramref name="now"/> for <see cref="LeafLifetime"/>.</summary>
    public X509Certificate2 Issue(IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> addresses, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = dnsNames.Count > 0 ? dnsNames[0] : addresses[0].ToString();
        var request = new CertificateRequest(new X500DistinguishedName($"CN={subject}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuth], false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        var notAfter = now + LeafLifetime;
        if (notAfter > Root.NotAfter)
        {
            notAfter = Root.NotAfter;
        }

        using var unsigned = request.Create(Root, now - Backdate, notAfter, SerialNumber());
        return unsigned.CopyWithPrivateKey(key);
    }

    public void Dispose() => Root.Dispose();

    private static X509Certificate2 Create(string certPath, string keyPath, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName($"CN=Porch Local CA ({Environment.MachineName}), O=Porch");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        // Path length 0: this root signs leaves only, never another CA.
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        var root = request.CreateSelfSigned(now - Backdate, now + RootLifetime);
        // The key goes first: a crash between the two writes leaves a key without a certificate, which is reported,
        // never a certificate whose key is lost.
        AtomicFile.WriteText(keyPath, key.ExportPkcs8PrivateKeyPem(), AtomicFile.Private);
        AtomicFile.WriteText(certPath, root.ExportCertificatePem(), AtomicFile.Public);
        return root;
    }

    private static X509Certificate2 Load(string certPath, string keyPath, string folder)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certPath));
        }
        catch (CryptographicException e)
        {
            throw Unreadable(certPath, folder, e);
        }

        using (certificate)
        {
            using var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(File.ReadAllText(keyPath));
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                throw Unreadable(keyPath, folder, e);
            }

            try
            {
                return certificate.CopyWithPrivateKey(key);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                throw new LocalCaException(
                    $"the local CA key {keyPath} does not belong to its certificate {certPath}. Restore the pair from a " +
                    $"backup; or, to start a new CA (which every device must trust again), move the folder {folder} away.");
            }
        }
    }

    private static LocalCaException Unreadable(string path, string folder, Exception e) => new(
        $"the local CA file {path} cannot be read ({e.Message.TrimEnd('.')}). Porch never replaces it by itself: restore " +
        $"it from a backup; or, to start a new CA (which every device must trust again), move the folder {folder} away.");

    /// <summary>RFC 5280 §4.1.2.2: positive, unique per issuer, at most 20 octets; 16 random bytes with the top bit clear.</summary>
    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }
}
