using System.Text.Json;

namespace Porch.Acme;

/// <summary>The CA's record of whether this account controls one identifier (RFC 8555 §7.1.4).</summary>
internal sealed record AcmeAuthorization(Uri Url, string Identifier, string Status, bool Wildcard, IReadOnlyList<AcmeChallenge> Challenges)
{
    public static AcmeAuthorization From(Uri url, JsonElement element)
    {
        var identifier = element.TryGetProperty("identifier", out var id) ? AcmeJson.String(id, "value") : throw new FormatException("\"identifier\" is missing");
        return new AcmeAuthorization(
            url,
            identifier,
            AcmeJson.String(element, "status"),
            element.TryGetProperty("wildcard", out var wildcard) && wildcard.ValueKind == JsonValueKind.True,
            [.. AcmeJson.Array(element, "challenges").Select(AcmeChallenge.From)]);
    }

    /// <summary>The first failed challenge's problem, for the error line when the authorization went invalid.</summary>
    public AcmeProblem? Error => Challenges.Select(c => c.Error).FirstOrDefault(e => e is not null);
}
