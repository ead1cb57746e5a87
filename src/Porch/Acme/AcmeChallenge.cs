using System.Text.Json;

namespace Porch.Acme;

/// <summary>One way to prove control of an identifier (RFC 8555 §7.1.5, §8).</summary>
internal sealed record AcmeChallenge(string Type, Uri Url, string Status, string? Token, AcmeProblem? Error)
{
    public const string Http01 = "http-01";
    public const string TlsAlpn01 = "tls-alpn-01";
    public const string Dns01 = "dns-01";

    public static AcmeChallenge From(JsonElement element) => new(
        AcmeJson.String(element, "type"),
        AcmeJson.Url(element, "url"),
        AcmeJson.String(element, "status"),
        AcmeJson.OptionalString(element, "token"),
        AcmeJson.Problem(element, "error"));
}
