namespace Porch.Acme;

/// <summary>
/// TLS-ALPN-01 (RFC 8737): the validation certificate is presented by Porch's TLS listeners to a client offering
/// only ALPN "acme-tls/1", through <see cref="AcmeChallengeResponses.TlsAlpn01"/>.
/// </summary>
internal sealed class TlsAlpn01Solver(AcmeChallengeResponses responses, TimeProvider time) : IChallengeSolver
{
    public string Type => AcmeChallenge.TlsAlpn01;

    public Task PresentAsync(string name, string token, string keyAuthorization, CancellationToken cancellationToken)
    {
        var certificate = TlsAlpnChallengeCertificate.Create(name, keyAuthorization, time.GetUtcNow());
        if (responses.TlsAlpn01.TryRemove(name, out var previous))
        {
            previous.Dispose();
        }

        responses.TlsAlpn01[name] = certificate;
        return Task.CompletedTask;
    }

    public Task CleanupAsync(string name, string token, string keyAuthorization, CancellationToken cancellationToken)
    {
        // The certificate is left to the garbage collector: a handshake may still be presenting it.
        responses.TlsAlpn01.TryRemove(name, out _);
        return Task.CompletedTask;
    }
}
