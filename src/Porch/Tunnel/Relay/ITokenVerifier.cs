namespace Porch.Tunnel.Relay;

/// <summary>Checks the bearer token of a tunnel client. Implemented over the relay's token file (<c>TokenStore</c>).</summary>
internal interface ITokenVerifier
{
    /// <summary>The name of the token <paramref name="presented"/> matches (constant-time), or null when none does.</summary>
    string? Verify(string presented);
}
