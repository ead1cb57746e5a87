using System.Text;
using System.Text.Json;

namespace Porch.Acme;

/// <summary>
/// An ACME problem document (RFC 8555 §6.7, RFC 7807): type, detail, HTTP status, and the per-identifier
/// subproblems of §6.7.1. <see cref="ToString"/> is the one-line form the user sees after "what failed".
/// </summary>
internal sealed record AcmeProblem(string Type, string? Detail, int Status, IReadOnlyList<AcmeProblem> Subproblems, string? Identifier = null)
{
    private const string AcmeNamespace = "urn:ietf:params:acme:error:";

    /// <summary>The type without the ACME namespace ("badNonce", "rateLimited", ...), or the full type otherwise.</summary>
    public string ShortType => Type.StartsWith(AcmeNamespace, StringComparison.Ordinal) ? Type[AcmeNamespace.Length..] : Type;

    public bool Is(string shortType) => string.Equals(ShortType, shortType, StringComparison.Ordinal);

    /// <summary>Reads a problem document; null when <paramref name="element"/> is not one (no "type" string).</summary>
    public static AcmeProblem? From(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var subproblems = new List<AcmeProblem>();
        if (element.TryGetProperty("subproblems", out var subs) && subs.ValueKind == JsonValueKind.Array)
        {
            subproblems.AddRange(subs.EnumerateArray().Select(From).OfType<AcmeProblem>());
        }

        string? identifier = null;
        if (element.TryGetProperty("identifier", out var id) && id.ValueKind == JsonValueKind.Object
            && id.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
        {
            identifier = value.GetString();
        }

        return new AcmeProblem(
            type.GetString()!,
            element.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String ? detail.GetString() : null,
            element.TryGetProperty("status", out var status) && status.TryGetInt32(out var code) ? code : 0,
            subproblems,
            identifier);
    }

    public static AcmeProblem? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            return From(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder("CA says ").Append(ShortType);
        if (!string.IsNullOrWhiteSpace(Detail))
        {
            text.Append(": ").Append(OneLine(Detail));
        }

        foreach (var sub in Subproblems)
        {
            text.Append(" [").Append(sub.Identifier ?? "?").Append(": ").Append(sub.ShortType);
            if (!string.IsNullOrWhiteSpace(sub.Detail))
            {
                text.Append(", ").Append(OneLine(sub.Detail));
            }

            text.Append(']');
        }

        return text.ToString();
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
