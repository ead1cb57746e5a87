using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Porch.Acme;

/// <summary>
/// DNS-01 (RFC 8555 §8.4): TXT _acme-challenge.NAME = base64url(SHA-256(key authorization)), published by an
/// <see cref="IDnsChallengeProvider"/>. A wildcard's authorization is for the base name (§7.1.3), so the record is too.
/// </summary>
internal sealed class Dns01Solver(IDnsChallengeProvider provider) : IChallengeSolver
{
    public string Type => AcmeChallenge.Dns01;

    public static string RecordName(string name) => "_acme-challenge." + (name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name);

    public static string RecordValue(string keyAuthorization) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(keyAuthorization)));

    public Task PresentAsync(string name, string token, string keyAuthorization, CancellationToken cancellationToken) =>
        provider.PresentAsync(RecordName(name), RecordValue(keyAuthorization), cancellationToken);

    public Task CleanupAsync(string name, string token, string keyAuthorization, CancellationToken cancellationToken) =>
        provider.CleanupAsync(RecordName(name), RecordValue(keyAuthorization), cancellationToken);
}
