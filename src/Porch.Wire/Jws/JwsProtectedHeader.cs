namespace Porch.Wire.Jws;

/// <summary>
/// The protected header of an ACME request (RFC 8555 §6.2): alg, nonce, url, and either the account's public key
/// (jwk: newAccount, and revocation by certificate key) or its URL (kid: everything else), never both.
/// </summary>
internal sealed record JwsProtectedHeader
{
    private JwsProtectedHeader(string url, string? nonce, EcPublicJwk? jwk, string? kid)
    {
        Url = url;
        Nonce = nonce;
        Jwk = jwk;
        Kid = kid;
    }

    public string Url { get; }

    /// <summary>Null only for the inner JWS of a key change (RFC 8555 §7.3.5), which carries no nonce.</summary>
    public string? Nonce { get; }

    public EcPublicJwk? Jwk { get; }

    public string? Kid { get; }

    public static JwsProtectedHeader WithJwk(string url, string? nonce, EcPublicJwk jwk) => new(url, nonce, jwk, null);

    public static JwsProtectedHeader WithKid(string url, string nonce, string kid) => new(url, nonce, null, kid);
}
