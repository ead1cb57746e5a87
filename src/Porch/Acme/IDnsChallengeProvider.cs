namespace Porch.Acme;

/// <summary>
/// Publishes the TXT record of an ACME DNS-01 challenge (RFC 8555 §8.4) and removes it afterwards.
/// <para>
/// The ACME client calls <see cref="PresentAsync"/> before telling the CA the challenge is ready, and
/// <see cref="CleanupAsync"/> once the authorization is decided (valid or not), always, even after a failure.
/// The record is <c>_acme-challenge.NAME</c> (for a wildcard "*.example.com", NAME is "example.com"), TXT, with
/// the value base64url(SHA-256(key authorization)) and a short TTL.
/// </para>
/// <para>
/// Implementations return only when the record is answered by the authoritative server (so the CA can see it), or
/// throw <see cref="DnsChallengeException"/> with one line saying what failed and what to do.
/// </para>
/// </summary>
internal interface IDnsChallengeProvider
{
    /// <param name="recordName">The full record name, e.g. "_acme-challenge.www.example.com" (no trailing dot).</param>
    /// <param name="value">The TXT value: base64url(SHA-256(key authorization)), 43 characters.</param>
    /// <param name="cancellationToken">Stops waiting; the record may then be left for <see cref="CleanupAsync"/>.</param>
    Task PresentAsync(string recordName, string value, CancellationToken cancellationToken);

    /// <summary>Removes exactly the TXT value <paramref name="value"/> of <paramref name="recordName"/>; others stay.</summary>
    Task CleanupAsync(string recordName, string value, CancellationToken cancellationToken);
}
