using System.Text.Json;

namespace Porch.Acme;

/// <summary>A successful answer of the CA: status, Location, Retry-After and the body (JSON or PEM).</summary>
internal sealed record AcmeResponse(int Status, Uri? Location, TimeSpan? RetryAfter, string? ContentType, byte[] Body)
{
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}
