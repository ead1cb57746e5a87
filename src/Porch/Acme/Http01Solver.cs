namespace Porch.Acme;

/// <summary>
/// HTTP-01 (RFC 8555 §8.3): the key authorization is served at http://NAME/.well-known/acme-challenge/TOKEN by
/// Porch's own plain-HTTP listeners, through <see cref="AcmeChallengeResponses.Http01"/>.
/// </summary>
internal sealed class Http01Solver(AcmeChallengeResponses responses) : IChallengeSolver
{
    public string Type => AcmeChallenge.Http01;

    public Task PresentAsync(string name, string token, string keyAuthorization, CancellationToken cancellationToken)
    {
        responses.Http01[token] = keyAuthorization;
        return Task.CompletedTask;
    }

    public Task CleanupAsync(string name, string token, string keyAuthorization, CancellationToken cancellationToken)
    {
        responses.Http01.TryRemove(token, out _);
        return Task.CompletedTask;
    }
}
