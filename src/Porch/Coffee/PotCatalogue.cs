namespace Porch.Coffee;

/// <summary>
/// The pots <c>porch coffee</c> starts with: a coffee pot named <c>ducky</c> and a teapot named <c>tea</c>, the names
/// the course's clients use (<c>coffee://ducky</c>, <c>Use-Pot: tea</c>).
/// </summary>
internal static class PotCatalogue
{
    public static readonly PotDefinition Ducky = new()
    {
        Name = "ducky",
        Kind = PotKind.Coffee,
        Bean = new Bean
        {
            Name = "Porch House Blend",
            Type = "Blend",
            Origin = "Huila, Colombia and Sidama, Ethiopia",
            Profile = "Cocoa, orange peel, toasted almond",
            Strength = "3/5",
            Roast = "Medium",
        },
    };

    public static readonly PotDefinition Teapot = new()
    {
        Name = "tea",
        Kind = PotKind.Tea,
        Varieties =
        [
            new TeaVariety { Slug = "sencha", Name = "Sencha", Type = "Green tea", Origin = "Shizuoka, Japan", Profile = "Grassy, sweet, marine", Steep = 0.5 },
            new TeaVariety { Slug = "darjeeling", Name = "Darjeeling", Type = "Black tea", Origin = "West Bengal, India", Profile = "Muscatel, floral", Steep = 0.8 },
            new TeaVariety { Slug = "earl-grey", Name = "Earl Grey", Type = "Flavoured black tea", Origin = "Blend", Profile = "Bergamot, malt", Steep = 1.0 },
            new TeaVariety { Slug = "peppermint", Name = "Peppermint", Type = "Herbal infusion", Origin = "Oregon, USA", Profile = "Cool, sweet, menthol", Steep = 1.5 },
        ],
    };

    public static IReadOnlyList<PotDefinition> Default => [Ducky, Teapot];
}
