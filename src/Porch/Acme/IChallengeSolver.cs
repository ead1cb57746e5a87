namespace Porch.Acme;

/// <summary>Makes one challenge type answerable for a name, and undoes it afterwards (RFC 8555 §8).</summary>
internal interface IChallengeSolver
{
    /// <summary>The challenge type this solver answers: http-01, tls-alpn-01 or dns-01.</summary>
    string Type { get; }

    Task PresentAsync(string name, string token, string keyAuthorization, CancellationToken cancellationToken);

    Task CleanupAsync(string name, string token, string keyAuthorization, CancellationToken cancellationToken);
}
