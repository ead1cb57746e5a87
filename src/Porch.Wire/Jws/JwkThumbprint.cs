using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Porch.Wire.Jws;

/// <summary>
/// The JWK thumbprint of RFC 7638: SHA-256 over the key's required members only, in lexicographic order of their
/// names, with no whitespace (§3.2), base64url-encoded. ACME puts it in every key authorization (RFC 8555 §8.1).
/// </summary>
internal static class JwkThumbprint
{
    /// <summary>The canonical JSON of the required members (§3.2): sorted by name, no whitespace, UTF-8.</summary>
    public static byte[] CanonicalJson(IEnumerable<KeyValuePair<string, string>> requiredMembers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in requiredMembers.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static string Compute(IEnumerable<KeyValuePair<string, string>> requiredMembers) =>
        Base64Url.EncodeToString(SHA256.HashData(CanonicalJson(requiredMembers)));
}
