using System.Text.Json;

namespace Porch.Acme;

/// <summary>
/// The CA's directory (RFC 8555 §7.1.1): where to get nonces, accounts and orders, plus the ACME Renewal Information
/// endpoint when the CA offers it (RFC 9773 §3).
/// </summary>
internal sealed record AcmeDirectory(Uri NewNonce, Uri NewAccount, Uri NewOrder, Uri? RenewalInfo, string? TermsOfService)
{
    public static AcmeDirectory From(JsonElement root) => new(
        AcmeJson.Url(root, "newNonce"),
        AcmeJson.Url(root, "newAccount"),
        AcmeJson.Url(root, "newOrder"),
        AcmeJson.OptionalUrl(root, "renewalInfo"),
        root.TryGetProperty("meta", out var meta) ? AcmeJson.OptionalString(meta, "termsOfService") : null);
}
