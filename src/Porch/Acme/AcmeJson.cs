using System.Text.Json;

namespace Porch.Acme;

/// <summary>
/// Reads the members of ACME resources. A missing or mistyped required member throws <see cref="FormatException"/>
/// naming it, which <see cref="AcmeClient"/> reports as "the CA answered garbage".
/// </summary>
internal static class AcmeJson
{
    public static string String(JsonElement element, string name) =>
        OptionalString(element, name) ?? throw new FormatException($"\"{name}\" is missing or not a string");

    public static string? OptionalString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static Uri Url(JsonElement element, string name) =>
        OptionalUrl(element, name) ?? throw new FormatException($"\"{name}\" is missing or not an absolute URL");

    public static Uri? OptionalUrl(JsonElement element, string name) =>
        Uri.TryCreate(OptionalString(element, name), UriKind.Absolute, out var url) && url.Scheme is "https" or "http" ? url : null;

    public static IReadOnlyList<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray()]
            : throw new FormatException($"\"{name}\" is missing or not an array");

    public static DateTimeOffset? OptionalTime(JsonElement element, string name) =>
        DateTimeOffset.TryParse(OptionalString(element, name), System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    public static AcmeProblem? Problem(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? AcmeProblem.From(value) : null;
}
