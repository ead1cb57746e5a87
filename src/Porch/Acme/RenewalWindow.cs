using System.Text.Json;

namespace Porch.Acme;

/// <summary>
/// The CA's suggested renewal window (RFC 9773 §4.2): renew at a random moment inside it (§4.3); ask again after
/// Retry-After.
/// </summary>
internal sealed record RenewalWindow(DateTimeOffset Start, DateTimeOffset End, TimeSpan? RetryAfter)
{
    public static RenewalWindow From(JsonElement root, TimeSpan? retryAfter)
    {
        var window = root.TryGetProperty("suggestedWindow", out var w) ? w : throw new FormatException("\"suggestedWindow\" is missing");
        var start = AcmeJson.OptionalTime(window, "start") ?? throw new FormatException("\"suggestedWindow.start\" is not a time");
        var end = AcmeJson.OptionalTime(window, "end") ?? throw new FormatException("\"suggestedWindow.end\" is not a time");
        return end < start ? throw new FormatException("the suggested window ends before it starts") : new RenewalWindow(start, end, retryAfter);
    }
}
