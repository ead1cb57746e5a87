using System.Net.Http.Json;

namespace Porch.Tests.Forwarding;

/// <summary>What <see cref="Backend.EchoAsync"/> saw of a request.</summary>
internal sealed record EchoedRequest(
    string Method, string Target, string Protocol, Dictionary<string, string?[]> Headers, long BodyLength)
{
    public static async Task<EchoedRequest> ReadAsync(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        var echo = await response.Content.ReadFromJsonAsync<EchoedRequest>();
        return echo! with { Headers = new(echo!.Headers, StringComparer.OrdinalIgnoreCase) };
    }

    /// <summary>The header's value as one string (repeated lines joined with ", "), or null when it did not arrive.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(", ", values) : null;
}
