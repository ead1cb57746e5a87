using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Porch.Wire.Jws;

/// <summary>
/// ES256 JWS in the flattened JSON serialization (RFC 7515 §7.2.2), the only form ACME accepts (RFC 8555 §6.2).
/// The signature is ECDSA P-256 with SHA-256 over "BASE64URL(protected).BASE64URL(payload)", written as the 64-byte
/// concatenation r || s (RFC 7518 §3.4), not DER.
/// </summary>
internal static class FlattenedJws
{
    public const string Algorithm = "ES256";

    /// <summary>Signs <paramref name="payload"/>; an empty payload is ACME's POST-as-GET (RFC 8555 §6.3).</summary>
    public static byte[] Sign(ECDsa key, JwsProtectedHeader header, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(header);
        var protectedPart = Base64Url.EncodeToString(HeaderJson(header));
        var payloadPart = Base64Url.EncodeToString(payload);
        var signature = key.SignData(
            Encoding.ASCII.GetBytes(protectedPart + "." + payloadPart), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("protected", protectedPart);
            writer.WriteString("payload", payloadPart);
            writer.WriteString("signature", Base64Url.EncodeToString(signature));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>Checks an ES256 signature given its three base64url parts (RFC 7515 §5.2).</summary>
    public static bool Verify(ECDsa publicKey, string protectedPart, string payloadPart, string signaturePart)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signaturePart);
        if (!Base64Url.IsValid(signaturePart, out var length) || length != 64)
        {
            return false;
        }

        return publicKey.VerifyData(
            Encoding.ASCII.GetBytes(protectedPart + "." + payloadPart), Base64Url.DecodeFromChars(signaturePart),
            HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public static byte[] HeaderJson(JwsProtectedHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", Algorithm);
            if (header.Nonce is not null)
            {
                writer.WriteString("nonce", header.Nonce);
            }

            writer.WriteString("url", header.Url);
            if (header.Jwk is not null)
            {
                writer.WritePropertyName("jwk");
                header.Jwk.WriteTo(writer);
            }
            else
            {
                writer.WriteString("kid", header.Kid);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
