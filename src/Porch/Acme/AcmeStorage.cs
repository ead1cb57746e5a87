using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Porch.Storage;

namespace Porch.Acme;

/// <summary>
/// ACME state in the state folder, every write atomic (<see cref="AtomicFile"/>), every key mode 0600:
/// <list type="bullet">
/// <item><c>acme/CA-HOST/account.key</c>: the account's P-256 key (PKCS#8 PEM), created once, never replaced;</item>
/// <item><c>acme/CA-HOST/orders/NAME.json</c>: the order in flight and its certificate key, so a restart resumes it;</item>
/// <item><c>certificates/NAME/fullchain.pem</c> + <c>privkey.pem</c>: what Porch serves, and what other tools read.</item>
/// </list>
/// </summary>
internal sealed class AcmeStorage(string stateDirectory, Uri directoryUrl)
{
    public string AccountFolder { get; } = Path.Combine(stateDirectory, "acme", SafeName(directoryUrl.IsDefaultPort ? directoryUrl.Host : $"{directoryUrl.Host}_{directoryUrl.Port}"));

    public string AccountKeyPath => Path.Combine(AccountFolder, "account.key");

    public static string CertificateFolder(string stateDirectory, string name) => Path.Combine(stateDirectory, "certificates", SafeName(name));

    /// <summary>
    /// The account key: loaded, or created when there is none. A key file that exists but cannot be read is an error
    /// naming it, never a reason to make a new account silently (the old one may hold rate-limit history and orders).
    /// </summary>
    public ECDsa LoadOrCreateAccountKey()
    {
        if (File.Exists(AccountKeyPath))
        {
            return LoadKey(AccountKeyPath, "ACME account key");
        }

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        AtomicFile.WriteText(AccountKeyPath, key.ExportPkcs8PrivateKeyPem(), AtomicFile.Private);
        return key;
    }

    public OrderInFlight? LoadOrder(string name)
    {
        var path = OrderPath(name);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var key = ECDsa.Create();
            key.ImportFromPem(AcmeJson.String(root, "key"));
            return new OrderInFlight(AcmeJson.Url(root, "order"), [.. AcmeJson.Array(root, "names").Select(n => n.GetString()!)], key);
        }
        catch (Exception e) when (e is JsonException or FormatException or CryptographicException or ArgumentException or IOException)
        {
            // The order is only a shortcut: a new order is always possible, so a damaged file is set aside, not fatal.
            File.Move(path, path + ".damaged", overwrite: true);
            return null;
        }
    }

    public void SaveOrder(string name, OrderInFlight order)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("order", order.Url.ToString());
            writer.WriteStartArray("names");
            foreach (var n in order.Names)
            {
                writer.WriteStringValue(n);
            }

            writer.WriteEndArray();
            writer.WriteString("key", order.CertificateKey.ExportPkcs8PrivateKeyPem());
            writer.WriteEndObject();
        }

        AtomicFile.Write(OrderPath(name), buffer.ToArray(), AtomicFile.Private);
    }

    public void DeleteOrder(string name) => File.Delete(OrderPath(name));

    /// <summary>
    /// Stores a certificate: the key first, then the chain. The order file is deleted only after both, so a crash
    /// between them is repaired on restart by resuming the (already valid) order and writing both again.
    /// </summary>
    public static void SaveCertificate(string stateDirectory, string name, string fullchainPem, ECDsa key)
    {
        var folder = CertificateFolder(stateDirectory, name);
        AtomicFile.WriteText(Path.Combine(folder, "privkey.pem"), key.ExportPkcs8PrivateKeyPem(), AtomicFile.Private);
        AtomicFile.WriteText(Path.Combine(folder, "fullchain.pem"), fullchainPem, AtomicFile.Public);
    }

    /// <summary>The stored certificate for <paramref name="name"/>, or null when there is none (or it is unusable, see <paramref name="error"/>).</summary>
    public static StoredCertificate? LoadCertificate(string stateDirectory, string name, out string? error)
    {
        error = null;
        var folder = CertificateFolder(stateDirectory, name);
        var chainPath = Path.Combine(folder, "fullchain.pem");
        var keyPath = Path.Combine(folder, "privkey.pem");
        if (!File.Exists(chainPath))
        {
            return null;
        }

        try
        {
            var chain = new X509Certificate2Collection();
            chain.ImportFromPemFile(chainPath);
            var leaf = File.Exists(keyPath) ? X509Certificate2.CreateFromPemFile(chainPath, keyPath) : chain[0];
            return new StoredCertificate(name, leaf, chain);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error = $"{folder}: {e.Message.TrimEnd('.')}";
            return null;
        }
    }

    /// <summary>Every stored certificate's name (its folder under certificates/).</summary>
    public static IReadOnlyList<string> CertificateNames(string stateDirectory)
    {
        var root = Path.Combine(stateDirectory, "certificates");
        return Directory.Exists(root)
            ? [.. Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, "fullchain.pem"))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
    }

    /// <summary>A file or folder name for a host name: a wildcard's "*" becomes "_".</summary>
    public static string SafeName(string name) =>
        new([.. name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')]);

    private string OrderPath(string name) => Path.Combine(AccountFolder, "orders", SafeName(name) + ".json");

    private static ECDsa LoadKey(string path, string what)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            key.Dispose();
            throw new AcmeException(
                $"The {what} {path} cannot be used ({e.Message.TrimEnd('.')}). Porch never replaces it by itself: restore it from a backup, or move it away to start a new account.",
                e);
        }
    }
}
