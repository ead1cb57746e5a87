using System.Text.Json;

namespace Porch.Acme;

/// <summary>A request for one certificate covering one or several names (RFC 8555 §7.1.3).</summary>
internal sealed record AcmeOrder(
    Uri Url, string Status, IReadOnlyList<string> Names, IReadOnlyList<Uri> Authorizations, Uri Finalize, Uri? Certificate, AcmeProblem? Error)
{
    public static AcmeOrder From(Uri url, JsonElement element) => new(
        url,
        AcmeJson.String(element, "status"),
        [.. AcmeJson.Array(element, "identifiers").Select(i => AcmeJson.String(i, "value"))],
        [.. AcmeJson.Array(element, "authorizations").Select(a => Uri.TryCreate(a.GetString(), UriKind.Absolute, out var u) ? u : throw new FormatException("an authorization URL is not absolute"))],
        AcmeJson.Url(element, "finalize"),
        AcmeJson.OptionalUrl(element, "certificate"),
        AcmeJson.Problem(element, "error"));
}
