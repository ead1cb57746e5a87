using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Porch.Tls;

/// <summary>
/// A certificate chain and its private key read from PEM files, as certbot and dehydrated write them: the certificate
/// file holds the leaf then its chain (fullchain.pem), the key file an RSA or EC key in PKCS#8, PKCS#1 or SEC1 form.
/// </summary>
internal sealed class PemPair : IDisposable
{
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";

    private PemPair(SslStreamCertificateContext context, X509Certificate2 leaf, byte[] fingerprint)
    {
        Context = context;
        Leaf = leaf;
        Fingerprint = fingerprint;
    }

    public SslStreamCertificateContext Context { get; }

    /// <summary>The end-entity certificate, with its key.</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>A hash of both files' bytes, to tell a real change from a touch.</summary>
    public byte[] Fingerprint { get; }

    /// <summary>Reads and checks the pair; on failure <paramref name="error"/> names the file, the problem and the fix.</summary>
    public static PemPair? Load(string certPath, string keyPath, out string? error)
    {
        error = null;
        if (!TryRead(certPath, "certificate", out var certText, out error) || !TryRead(keyPath, "key", out var keyText, out error))
        {
            return null;
        }

        var chain = new X509Certificate2Collection();
        try
        {
            chain.ImportFromPem(certText);
        }
        catch (CryptographicException e)
        {
            error = $"{certPath} has a damaged certificate ({e.Message.TrimEnd('.')}); use the fullchain.pem your CA tool wrote";
            return null;
        }

        if (chain.Count == 0)
        {
            error = $"{certPath} holds no certificate (no \"-----BEGIN CERTIFICATE-----\" block); use the fullchain.pem your CA tool wrote";
            return null;
        }

        if (keyText.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal))
        {
            error = $"{keyPath} is encrypted with a passphrase; Porch needs it unencrypted: openssl pkey -in {keyPath} -out privkey.pem, then chmod 600 privkey.pem";
            return null;
        }

        var leaf = WithKey(chain[0], keyText, certPath, keyPath, out error);
        if (leaf is null)
        {
            return null;
        }

        var rest = new X509Certificate2Collection();
        for (var i = 1; i < chain.Count; i++)
        {
            rest.Add(chain[i]);
        }

        var context = SslStreamCertificateContext.Create(leaf, rest, offline: true);
        return new PemPair(context, leaf, Hash(certText, keyText));
    }

    public void Dispose() => Leaf.Dispose();

    public static byte[] Hash(string certText, string keyText) =>
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certText + "\n--\n" + keyText));

    private static X509Certificate2? WithKey(X509Certificate2 leaf, string keyText, string certPath, string keyPath, out string? error)
    {
        error = null;
        var algorithm = leaf.GetKeyAlgorithm();
        AsymmetricAlgorithm key = algorithm switch
        {
            EcPublicKey => ECDsa.Create(),
            RsaEncryption => RSA.Create(),
            _ => null!,
        };
        if (key is null)
        {
            error = $"{certPath} has a key type Porch cannot serve ({algorithm}); use an RSA or ECDSA certificate";
            return null;
        }

        using (key)
        {
            try
            {
                key.ImportFromPem(keyText);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                var kind = key is RSA ? "RSA" : "EC";
                error = $"{keyPath} holds no usable {kind} private key for the certificate in {certPath} ({e.Message.TrimEnd('.')}); use the privkey.pem written with that certificate";
                return null;
            }

            try
            {
                return key is RSA rsa ? leaf.CopyWithPrivateKey(rsa) : leaf.CopyWithPrivateKey((ECDsa)key);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                error = $"the key in {keyPath} does not match the certificate in {certPath}; use the fullchain.pem and privkey.pem of the same issuance";
                return null;
            }
        }
    }

    private static bool TryRead(string path, string what, out string text, out string? error)
    {
        text = "";
        error = null;
        try
        {
            text = File.ReadAllText(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read the {what} file {path} ({e.Message.TrimEnd('.')})";
            return false;
        }
    }
}
