namespace Porch.Coffee;

/// <summary>What PROPFIND tells about a coffee pot's beans (RFC 2324 §2.1.3: "metadata about the brewed resource").</summary>
internal sealed record Bean
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string Origin { get; init; }
    public required string Profile { get; init; }

    /// <summary>Out of five, as the course's pages show it: <c>3/5</c>.</summary>
    public required string Strength { get; init; }

    public required string Roast { get; init; }
}
