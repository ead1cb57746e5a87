namespace Porch.Coffee;

/// <summary>A tea a teapot offers in its Alternates (RFC 7168 §2.1.1), brewed to its own strength (§2.1.2).</summary>
internal sealed record TeaVariety
{
    /// <summary>The URI segment: <c>coffee://tea/earl-grey</c>.</summary>
    public required string Slug { get; init; }

    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string Origin { get; init; }
    public required string Profile { get; init; }

    /// <summary>How long it steeps to full strength, as a fraction of the pot's brew time: green teas less, herbs more.</summary>
    public required double Steep { get; init; }
}
