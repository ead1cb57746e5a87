namespace Porch.Tests.Forwarding.Smuggling;

/// <summary>How a request recorded at the backend said where its body ends (RFC 9112 §6.3).</summary>
internal enum Framing
{
    None,
    ContentLength,
    Chunked,
}

/// <summary>One request as <see cref="StrictRequestParser"/> framed it from the bytes a backend received.</summary>
internal sealed record ParsedRequest(
    string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, Framing Framing, byte[] Body)
{
    /// <summary>The values of every field line named <paramref name="name"/>, in order.</summary>
    public IReadOnlyList<string> All(string name) =>
        [.. Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];

    public string? Header(string name) => All(name) is [var one] ? one : null;

    public string BodyText => System.Text.Encoding.Latin1.GetString(Body);
}
