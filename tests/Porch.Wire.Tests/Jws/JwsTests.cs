using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Porch.Wire.Jws;

namespace Porch.Wire.Tests.Jws;

public class JwsTests
{
    // RFC 7515 Appendix A.3.1: the P-256 key of the ES256 example.
    private const string RfcX = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
    private const string RfcY = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
    private const string RfcD = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI";

    // RFC 7515 Appendix A.3.1: protected header {"alg":"ES256"}, the payload of A.1, and the signature (A.3.1 ends
    // with the complete JWS). ECDSA is randomized, so the example can only be verified, not reproduced.
    private const string RfcProtected = "eyJhbGciOiJFUzI1NiJ9";
    private const string RfcPayload = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    private const string RfcSignature = "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

    private static ECDsa RfcKey() => ECDsa.Create(new ECParameters
    {
        Curve = ECCurve.NamedCurves.nistP256,
        D = Base64Url.DecodeFromChars(RfcD),
        Q = new ECPoint { X = Base64Url.DecodeFromChars(RfcX), Y = Base64Url.DecodeFromChars(RfcY) },
    });

    [Fact]
    public void Rfc7515A3_SignatureOfTheExample_Verifies()
    {
        using var key = new EcPublicJwk(RfcX, RfcY).ToKey();
        Assert.True(FlattenedJws.Verify(key, RfcProtected, RfcPayload, RfcSignature));
    }

    [Fact]
    public void Rfc7515A3_OneBitChanged_DoesNotVerify()
    {
        using var key = new EcPublicJwk(RfcX, RfcY).ToKey();
        Assert.False(FlattenedJws.Verify(key, RfcProtected, RfcPayload, RfcSignature[..^1] + "A"));
        Assert.False(FlattenedJws.Verify(key, RfcProtected, RfcPayload[..^1] + "A", RfcSignature));
        Assert.False(FlattenedJws.Verify(key, RfcProtected, RfcPayload, "not base64url!"));
    }

    [Fact]
    public void Rfc7515A3_JwkOfTheKey_HasTheExampleCoordinates()
    {
        using var key = RfcKey();
        Assert.Equal(new EcPublicJwk(RfcX, RfcY), EcPublicJwk.FromKey(key));
    }

    [Fact]
    public void Rfc7638_ThumbprintOfTheRsaExample_MatchesSection31()
    {
        const string n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        // Given out of order on purpose: the canonical form sorts the members (RFC 7638 §3.3).
        var thumbprint = JwkThumbprint.Compute([new("n", n), new("kty", "RSA"), new("e", "AQAB")]);
        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", thumbprint);
    }

    [Fact]
    public void EcThumbprint_IsSha256OfTheSortedMembersWithoutWhitespace()
    {
        var jwk = new EcPublicJwk(RfcX, RfcY);
        var canonical = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{RfcX}\",\"y\":\"{RfcY}\"}}";
        Assert.Equal(canonical, Encoding.UTF8.GetString(JwkThumbprint.CanonicalJson(jwk.RequiredMembers)));
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), jwk.Thumbprint());
    }

    [Fact]
    public void Sign_WithJwk_WritesAcmeProtectedHeaderAndAVerifiableRawSignature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwk = EcPublicJwk.FromKey(key);
        var payload = "{\"termsOfServiceAgreed\":true}"u8;

        var jws = JsonDocument.Parse(FlattenedJws.Sign(key, JwsProtectedHeader.WithJwk("https://ca.test/new-acct", "n0nce", jwk), payload)).RootElement;

        var protectedPart = jws.GetProperty("protected").GetString()!;
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(protectedPart)).RootElement;
        Assert.Equal("ES256", header.GetProperty("alg").GetString());
        Assert.Equal("n0nce", header.GetProperty("nonce").GetString());
        Assert.Equal("https://ca.test/new-acct", header.GetProperty("url").GetString());
        Assert.Equal(jwk.X, header.GetProperty("jwk").GetProperty("x").GetString());
        Assert.False(header.TryGetProperty("kid", out _));
        Assert.Equal(payload.ToArray(), Base64Url.DecodeFromChars(jws.GetProperty("payload").GetString()!));
        var signature = jws.GetProperty("signature").GetString()!;
        Assert.Equal(64, Base64Url.DecodeFromChars(signature).Length);
        using var verifier = jwk.ToKey();
        Assert.True(FlattenedJws.Verify(verifier, protectedPart, jws.GetProperty("payload").GetString()!, signature));
    }

    [Fact]
    public void Sign_PostAsGetWithKid_HasEmptyPayloadAndNoJwk()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jws = JsonDocument.Parse(FlattenedJws.Sign(key, JwsProtectedHeader.WithKid("https://ca.test/order/1", "n", "https://ca.test/acct/7"), [])).RootElement;

        Assert.Equal("", jws.GetProperty("payload").GetString());
        var header = JsonDocument.Parse(Base64Url.DecodeFromChars(jws.GetProperty("protected").GetString()!)).RootElement;
        Assert.Equal("https://ca.test/acct/7", header.GetProperty("kid").GetString());
        Assert.False(header.TryGetProperty("jwk", out _));
    }

    [Fact]
    public void FromKey_OtherCurve_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => EcPublicJwk.FromKey(key));
    }
}
