using Porch.Wire.Htcpcp;

namespace Porch.Coffee;

/// <summary>One named pot of the server: a coffee pot with its beans, or a teapot with its varieties.</summary>
internal sealed record PotDefinition
{
    /// <summary>The name clients use: <c>coffee://ducky</c>, <c>Use-Pot: tea</c>.</summary>
    public required string Name { get; init; }

    public required PotKind Kind { get; init; }

    /// <summary>For coffee pots.</summary>
    public Bean? Bean { get; init; }

    /// <summary>For teapots.</summary>
    public IReadOnlyList<TeaVariety> Varieties { get; init; } = [];

    /// <summary>
    /// The addition families this pot can provide: milk, syrups and spirits for coffee (RFC 2324 §2.2.2.1); milk and
    /// RFC 7168's sugars for tea. <c>*</c> ("whatever you have") is always acceptable.
    /// </summary>
    public IReadOnlyList<AdditionKind> Additions => Kind == PotKind.Coffee
        ? [AdditionKind.Milk, AdditionKind.Syrup, AdditionKind.Alcohol, AdditionKind.Any]
        : [AdditionKind.Milk, AdditionKind.Sugar, AdditionKind.Any];

    public bool Accepts(AdditionKind kind) => Additions.Contains(kind);

    public string Beverage => Kind == PotKind.Coffee ? "Coffee" : "Tea";
}
