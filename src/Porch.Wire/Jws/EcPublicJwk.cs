using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace Porch.Wire.Jws;

/// <summary>
/// The public half of a P-256 key as a JWK (RFC 7518 §6.2.1): x and y are the 32-byte big-endian coordinates,
/// base64url-encoded. Only P-256 is needed: ACME accounts here sign with ES256.
/// </summary>
internal sealed record EcPublicJwk(string X, string Y)
{
    public const string Curve = "P-256";
    private const int CoordinateBytes = 32;

    public static EcPublicJwk FromKey(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value
            || parameters.Q.X is not { Length: CoordinateBytes } x || parameters.Q.Y is not { Length: CoordinateBytes } y)
        {
            throw new ArgumentException("The key is not a P-256 key; ES256 needs one.", nameof(key));
        }

        return new EcPublicJwk(Base64Url.EncodeToString(x), Base64Url.EncodeToString(y));
    }

    /// <summary>The required members of an EC key (RFC 7638 §3.2): crv, kty, x, y.</summary>
    public IEnumerable<KeyValuePair<string, string>> RequiredMembers =>
    [
        new("crv", Curve),
        new("kty", "EC"),
        new("x", X),
        new("y", Y),
    ];

    public string Thumbprint() => JwkThumbprint.Compute(RequiredMembers);

    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        foreach (var (name, value) in RequiredMembers)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>An ECDsa holding this public key, e.g. to verify a signature.</summary>
    public ECDsa ToKey() => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        Q = new ECPoint { X = Base64Url.DecodeFromChars(X), Y = Base64Url.DecodeFromChars(Y) },
    });
}
